package lws.dhcp;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retransmission delays: exponential 4, 8, 16, 32, then 64 s for ever, each randomised by ±1 s
 * (RFC 2131 section 4.1); for RENEWING and REBINDING half the time left, at least 60 s (section 4.4.5).
 * Stateless.
 */
final class Backoff {
    static final Duration MIN_RENEW_RETRY = Duration.ofSeconds(60);

    private Backoff() {
    }

    /**
     * @param sent how many times the message was sent so far (1 after the first send)
     * @param random the jitter source
     * @return the wait before the next transmission
     */
    static Duration exponential(int sent, RandomGenerator random) {
        long base = 4_000L << Math.min(Math.max(sent, 1) - 1, 4);
        return Duration.ofMillis(base + random.nextLong(-1000, 1001));
    }

    /**
     * @param remaining time left until T2 (renewing) or expiry (rebinding)
     * @return the wait before the next transmission, or null when none fits before the deadline
     */
    static Duration halfRemaining(Duration remaining) {
        if (remaining.compareTo(MIN_RENEW_RETRY) <= 0) {
            return null;
        }
        Duration half = remaining.dividedBy(2);
        return half.compareTo(MIN_RENEW_RETRY) < 0 ? MIN_RENEW_RETRY : half;
    }
}
