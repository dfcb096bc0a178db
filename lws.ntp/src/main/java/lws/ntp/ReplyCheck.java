package lws.ntp;

import java.time.Duration;

/**
 * The acceptance rules for a server reply (RFC 5905 sections 8 and 9.2, as chrony and ntpd apply them),
 * in order: mode 4, version 3 or 4, origin equals our transmit timestamp (so a Kiss-o'-Death must also
 * answer our request before we act on it), Kiss-o'-Death codes, stratum 1–15, leap indicator not 3,
 * non-zero receive and transmit timestamps, root distance within the maximum. The source address is
 * checked before, by the caller's lookup of the server. Stateless.
 */
final class ReplyCheck {
    private ReplyCheck() {
    }

    /**
     * @param reply the decoded reply
     * @param expectedOrigin the transmit timestamp of our outstanding request
     * @param maxRootDistance the largest acceptable root distance (root delay / 2 + root dispersion)
     * @return the verdict
     */
    static Verdict check(NtpReply reply, long expectedOrigin, Duration maxRootDistance) {
        if (reply.mode() != 4) {
            return new Verdict.Rejected(Rejection.MODE, "mode " + reply.mode());
        }
        if (reply.version() != 3 && reply.version() != 4) {
            return new Verdict.Rejected(Rejection.VERSION, "version " + reply.version());
        }
        if (reply.originNtp() != expectedOrigin) {
            return new Verdict.Rejected(Rejection.ORIGIN, "origin timestamp mismatch");
        }
        if (reply.stratum() == 0) {
            String code = reply.kissCode();
            if (code.equals("RATE") || code.equals("DENY") || code.equals("RSTR")) {
                return new Verdict.Kiss(code);
            }
            return new Verdict.Rejected(Rejection.STRATUM, "stratum 0 (kiss code '" + code + "')");
        }
        if (reply.stratum() > 15) {
            return new Verdict.Rejected(Rejection.STRATUM, "stratum " + reply.stratum());
        }
        if (reply.leap() == 3) {
            return new Verdict.Rejected(Rejection.LEAP, "leap indicator 3 (unsynchronised)");
        }
        if (reply.transmitNtp() == 0 || reply.receiveNtp() == 0) {
            return new Verdict.Rejected(Rejection.ZERO_TIMESTAMP, "zero receive or transmit timestamp");
        }
        long rootDistance = reply.rootDelayNanos() / 2 + reply.rootDispersionNanos();
        if (rootDistance > maxRootDistance.toNanos()) {
            return new Verdict.Rejected(Rejection.ROOT_DISTANCE,
                    "root distance " + Millis.format(rootDistance) + " ms > " + Millis.format(maxRootDistance.toNanos()) + " ms");
        }
        return new Verdict.Accepted(reply);
    }
}
