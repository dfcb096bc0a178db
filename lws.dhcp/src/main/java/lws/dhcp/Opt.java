package lws.dhcp;

/** Option codes this client sends or interprets (RFC 2132, 3396, 3442, 3397, 4039). */
final class Opt {
    static final int PAD = 0;
    static final int SUBNET_MASK = 1;
    static final int ROUTER = 3;
    static final int DNS = 6;
    static final int HOSTNAME = 12;
    static final int DOMAIN_NAME = 15;
    static final int MTU = 26;
    static final int BROADCAST = 28;
    static final int NTP = 42;
    static final int REQUESTED_IP = 50;
    static final int LEASE_TIME = 51;
    static final int OVERLOAD = 52;
    static final int MESSAGE_TYPE = 53;
    static final int SERVER_ID = 54;
    static final int PARAMETER_LIST = 55;
    static final int MESSAGE = 56;
    static final int MAX_MESSAGE_SIZE = 57;
    static final int T1 = 58;
    static final int T2 = 59;
    static final int CLIENT_ID = 61;
    static final int RAPID_COMMIT = 80;
    static final int DOMAIN_SEARCH = 119;
    static final int CLASSLESS_ROUTES = 121;
    static final int END = 255;

    /** Options requested in option 55, in this order. */
    static final byte[] REQUESTED = {
        SUBNET_MASK, ROUTER, DNS, HOSTNAME, DOMAIN_NAME, MTU, BROADCAST, NTP, LEASE_TIME, SERVER_ID,
        T1, T2, DOMAIN_SEARCH, (byte) CLASSLESS_ROUTES,
    };

    /** Options this client interprets; every other option of a lease is kept as "unknown". */
    static boolean known(int code) {
        return switch (code) {
            case SUBNET_MASK, ROUTER, DNS, HOSTNAME, DOMAIN_NAME, MTU, BROADCAST, NTP, LEASE_TIME, OVERLOAD,
                    MESSAGE_TYPE, SERVER_ID, MESSAGE, T1, T2, CLIENT_ID, RAPID_COMMIT, DOMAIN_SEARCH,
                    CLASSLESS_ROUTES -> true;
            default -> false;
        };
    }

    private Opt() {
    }
}
