package lws.dhcp;

/** The states of the DHCP client (RFC 2131 figure 5), as shown by status. */
enum ClientState {
    /** Not started, or stopped. */
    STOPPED,
    /** Broadcasting DHCPDISCOVER, waiting for an offer (INIT → SELECTING). */
    SELECTING,
    /** Requesting an offered address. */
    REQUESTING,
    /** Confirming a persisted lease after a restart (INIT-REBOOT → REBOOTING). */
    REBOOTING,
    /** Holding a lease, waiting for T1. */
    BOUND,
    /** After T1: renewing with the leasing server by unicast. */
    RENEWING,
    /** After T2: rebinding with any server by broadcast. */
    REBINDING,
    /** Waiting after a DECLINE, a failed apply or repeated NAKs before starting over. */
    BACKOFF,
}
