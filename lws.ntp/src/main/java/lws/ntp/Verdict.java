package lws.ntp;

/** The outcome of {@link ReplyCheck#check}: a reply is accepted, rejected, or a Kiss-o'-Death. */
sealed interface Verdict {
    /**
     * The reply passed every rule.
     *
     * @param reply the reply
     */
    record Accepted(NtpReply reply) implements Verdict {
    }

    /**
     * The reply broke a rule.
     *
     * @param reason which rule
     * @param detail what was seen, e.g. {@code "stratum 16"}
     */
    record Rejected(Rejection reason, String detail) implements Verdict {
    }

    /**
     * A Kiss-o'-Death that answers our request (its origin matched): the server asks us to slow down
     * ({@code RATE}) or to stop ({@code DENY}, {@code RSTR}).
     *
     * @param code the kiss code
     */
    record Kiss(String code) implements Verdict {
        /** @return true for DENY and RSTR: stop using this server */
        boolean dropsServer() {
            return code.equals("DENY") || code.equals("RSTR");
        }
    }
}
