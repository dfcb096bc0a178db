package lws.ntp;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockFilterTest {
    private static NtpSample sample(long offset, long delay) {
        return new NtpSample(offset, delay, 0, 0, 2, "10.0.0.1", 0, 0, Instant.EPOCH);
    }

    @Test
    void keepsTheLowestDelaySampleOfTheBurst() {
        ClockFilter f = new ClockFilter();
        f.add(sample(5_000_000, 40_000_000));
        f.add(sample(1_000_000, 2_000_000));
        f.add(sample(9_000_000, 80_000_000));
        assertEquals(1_000_000, f.best().orElseThrow().offsetNanos());
        assertTrue(f.jitterNanos() > 0);
    }

    @Test
    void jitterIsTheRmsDistanceFromTheBest() {
        ClockFilter f = new ClockFilter();
        f.add(sample(0, 1));
        f.add(sample(3_000, 2));
        f.add(sample(-3_000, 3));
        assertEquals(3_000, f.jitterNanos());
    }

    @Test
    void aNewBurstStartsEmpty() {
        ClockFilter f = new ClockFilter();
        f.add(sample(0, 1));
        f.clear();
        assertTrue(f.best().isEmpty());
    }
}
