package lws.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic clock that moves only when told to: virtual time for tests of timers and protocol state
 * machines. Thread-safe.
 */
public final class ManualClock implements MonotonicClock {
    private final AtomicLong nanos = new AtomicLong();

    /** Creates a clock reading zero. */
    public ManualClock() {
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param by how far; must not be negative
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + by);
        }
        nanos.addAndGet(by.toNanos());
    }
}
