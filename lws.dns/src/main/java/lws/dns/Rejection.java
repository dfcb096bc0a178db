package lws.dns;

/** Why a UDP or TCP reply was dropped instead of being accepted as the answer to a query. */
enum Rejection {
    /** Shorter than a DNS header, or not parseable as a DNS message. */
    MALFORMED("malformed"),
    /** No query with this id is waiting on the socket it arrived on (late, duplicate or guessed). */
    UNKNOWN_ID("unknown_id"),
    /** It came from another address or port than the server the query was sent to. */
    WRONG_SERVER("wrong_server"),
    /** The QR bit is clear (a query, not a response) or the opcode is not QUERY. */
    NOT_RESPONSE("not_response"),
    /** The question section does not repeat the question asked (name, type, class). */
    QUESTION_MISMATCH("question_mismatch");

    private final String label;

    Rejection(String label) {
        this.label = label;
    }

    /** @return the reason as used in status and metric names, e.g. {@code wrong_server} */
    String label() {
        return label;
    }
}
