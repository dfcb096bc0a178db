package lws.dhcp;

/** A received packet that is not a well-formed DHCP reply; it is dropped and counted by {@link #reason}. */
final class MalformedPacketException extends Exception {
    /** Why a packet was refused; the names appear in status and logs. */
    enum Reason {
        /** Shorter than the 236-byte BOOTP header plus the 4-byte cookie. */
        TOO_SHORT,
        /** op is not BOOTREPLY (2). */
        NOT_BOOTREPLY,
        /** htype/hlen are not Ethernet (1/6). */
        NOT_ETHERNET,
        /** The magic cookie 99.130.83.99 is missing. */
        BAD_COOKIE,
        /** An option's length runs past the end of its area. */
        OPTION_OVERRUN,
        /** An option area has no END option. */
        MISSING_END,
        /** Option 52 has a bad length or value, or appears inside sname/file. */
        BAD_OVERLOAD,
        /** Option 53 is missing, has a bad length or an unknown value. */
        BAD_MESSAGE_TYPE,
        /** A fixed-size option (address, time) has the wrong length. */
        BAD_OPTION_LENGTH,
    }

    final Reason reason;

    MalformedPacketException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }
}
