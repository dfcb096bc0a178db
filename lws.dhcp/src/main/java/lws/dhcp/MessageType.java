package lws.dhcp;

/** DHCP message types (option 53, RFC 2132 section 9.6). */
enum MessageType {
    /** Client broadcast to locate servers. */
    DISCOVER(1),
    /** Server offer of an address. */
    OFFER(2),
    /** Client request: select an offer, confirm after reboot, renew or rebind. */
    REQUEST(3),
    /** Client tells the server the address is already in use. */
    DECLINE(4),
    /** Server confirms a lease. */
    ACK(5),
    /** Server refuses the request. */
    NAK(6),
    /** Client gives the address back. */
    RELEASE(7),
    /** Client asks for configuration only. */
    INFORM(8);

    final int code;

    MessageType(int code) {
        this.code = code;
    }

    /**
     * @param code the option 53 value
     * @return the type, or null for an unknown code
     */
    static MessageType of(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
