package lws.system;

/**
 * A monotonic clock in nanoseconds, injected into an {@link EventLoop} so that timers can run on
 * virtual time in tests. Only differences between two readings are meaningful; wall-clock steps do not
 * move it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MonotonicClock {
    /** @return the current reading in nanoseconds */
    long nanos();

    /** @return the system's monotonic clock ({@link System#nanoTime()}) */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
