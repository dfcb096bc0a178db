package lws.ntp;

/** Why a datagram was not used as a sample; each reason has its own counter. */
enum Rejection {
    /** Shorter than the 48-byte header. */
    MALFORMED,
    /** From an address and port we did not ask (or asked nothing of right now). */
    UNKNOWN_SOURCE,
    /** Not mode 4 (server). */
    MODE,
    /** Not version 3 or 4. */
    VERSION,
    /** Origin timestamp is not the transmit timestamp of our outstanding request (late, duplicate or forged). */
    ORIGIN,
    /** Stratum 0 without a kiss code we act on, or 16 and above (unsynchronised). */
    STRATUM,
    /** Leap indicator 3: the server's clock is not synchronised. */
    LEAP,
    /** Receive or transmit timestamp is zero. */
    ZERO_TIMESTAMP,
    /** Root distance above the configured maximum. */
    ROOT_DISTANCE;

    /** @return the lower-case name used in status and metric names, e.g. {@code root_distance} */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
