package lws.ntp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Every acceptance rule, on crafted replies to one request. */
class ReplyCheckTest {
    private static final long NONCE = NtpTime.toNtp(Instant.parse("2026-01-01T00:00:00Z")) | 0x5A5A5AL;
    private static final byte[] REQUEST = NtpPacket.request(NONCE);

    private static Verdict check(Consumer<Replies.Builder> mutate) {
        Replies.Builder b = Replies.validFor(REQUEST, Instant.parse("2026-01-01T00:00:00.001Z"));
        mutate.accept(b);
        byte[] bytes = b.bytes();
        return ReplyCheck.check(NtpPacket.decode(bytes, bytes.length), NONCE, Duration.ofMillis(1500));
    }

    private static void assertRejected(Rejection reason, Consumer<Replies.Builder> mutate) {
        Verdict v = check(mutate);
        assertEquals(reason, assertInstanceOf(Verdict.Rejected.class, v).reason(), v.toString());
    }

    @Test
    void acceptsAValidReply() {
        assertInstanceOf(Verdict.Accepted.class, check(b -> { }));
    }

    @Test
    void acceptsVersion3() {
        assertInstanceOf(Verdict.Accepted.class, check(b -> b.version = 3));
    }

    @Test
    void rejectsWrongOrigin() {
        assertRejected(Rejection.ORIGIN, b -> b.origin ^= 1);
    }

    @Test
    void rejectsModesOtherThanServer() {
        for (int mode : new int[] {1, 2, 3, 5, 6, 7}) {
            assertRejected(Rejection.MODE, b -> b.mode = mode);
        }
    }

    @Test
    void rejectsVersionsOtherThan3And4() {
        for (int version : new int[] {1, 2, 5, 7}) {
            assertRejected(Rejection.VERSION, b -> b.version = version);
        }
    }

    @Test
    void rejectsStratum0WithoutActionableKissCode() {
        assertRejected(Rejection.STRATUM, b -> b.kiss("INIT"));
    }

    @Test
    void rejectsStratum16AndAbove() {
        assertRejected(Rejection.STRATUM, b -> b.stratum = 16);
        assertRejected(Rejection.STRATUM, b -> b.stratum = 255);
    }

    @Test
    void acceptsStratum1And15() {
        assertInstanceOf(Verdict.Accepted.class, check(b -> b.stratum = 1));
        assertInstanceOf(Verdict.Accepted.class, check(b -> b.stratum = 15));
    }

    @Test
    void rejectsUnsynchronisedLeapIndicator() {
        assertRejected(Rejection.LEAP, b -> b.leap = 3);
    }

    @Test
    void rejectsZeroTransmitOrReceiveTimestamp() {
        assertRejected(Rejection.ZERO_TIMESTAMP, b -> b.transmit = 0);
        assertRejected(Rejection.ZERO_TIMESTAMP, b -> b.receive = 0);
    }

    @Test
    void rejectsRootDistanceAboveTheMaximum() {
        // root delay 2 s (/2 = 1 s) + root dispersion 0.6 s = 1.6 s > 1.5 s
        assertRejected(Rejection.ROOT_DISTANCE, b -> {
            b.rootDelay16 = 2L << 16;
            b.rootDispersion16 = (long) (0.6 * 65536);
        });
        assertInstanceOf(Verdict.Accepted.class, check(b -> {
            b.rootDelay16 = 2L << 16;
            b.rootDispersion16 = (long) (0.4 * 65536);
        }));
    }

    @Test
    void recognisesKissOfDeathCodes() {
        assertEquals("RATE", assertInstanceOf(Verdict.Kiss.class, check(b -> b.kiss("RATE"))).code());
        assertEquals(true, assertInstanceOf(Verdict.Kiss.class, check(b -> b.kiss("DENY"))).dropsServer());
        assertEquals(true, assertInstanceOf(Verdict.Kiss.class, check(b -> b.kiss("RSTR"))).dropsServer());
    }

    @Test
    void ignoresAKissThatDoesNotAnswerOurRequest() {
        assertRejected(Rejection.ORIGIN, b -> {
            b.kiss("DENY");
            b.origin = 0;
        });
    }
}
