package lws.ntp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PollPolicyTest {
    private final PollPolicy poll = new PollPolicy(Duration.ofSeconds(64), Duration.ofSeconds(1024));

    @Test
    void stableBurstsDoubleTheIntervalUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(64), poll.interval());
        long[] expected = {128, 256, 512, 1024, 1024};
        for (long s : expected) {
            assertEquals(Duration.ofSeconds(s), poll.update(PollPolicy.Outcome.STABLE));
        }
    }

    @Test
    void anUnstableBurstReturnsToTheMinimum() {
        poll.update(PollPolicy.Outcome.STABLE);
        poll.update(PollPolicy.Outcome.STABLE);
        assertEquals(Duration.ofSeconds(64), poll.update(PollPolicy.Outcome.UNSTABLE));
    }

    @Test
    void failuresAndRateKissesBackOff() {
        assertEquals(Duration.ofSeconds(128), poll.update(PollPolicy.Outcome.FAILED));
        assertEquals(Duration.ofSeconds(256), poll.update(PollPolicy.Outcome.RATE_LIMITED));
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(Duration.ofSeconds(64), Duration.ofSeconds(8)));
    }
}
