package lws.system;

import lws.app.api.SystemState;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded step of the system state machine.
 *
 * @param from the state left
 * @param to the state entered
 * @param wallTime when it happened, on the wall clock
 * @param sinceStart when it happened, on the monotonic clock, counted from the machine's creation
 */
public record StateTransition(SystemState from, SystemState to, Instant wallTime, Duration sinceStart) {
    /** Checks for nulls. */
    public StateTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(sinceStart, "sinceStart");
    }

    @Override
    public String toString() {
        return from + " -> " + to + " at +" + sinceStart.toMillis() + " ms";
    }
}
