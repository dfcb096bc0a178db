package lws.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Notable events of the helpers (a lease bound, time validated, servers changed) for {@code lwsctl watch}
 * and the logs. Loop thread only.
 */
public final class SystemEvents {
    /**
     * One event.
     *
     * @param source the helper or component, e.g. {@code "dhcp"}
     * @param kind a short machine-readable kind, e.g. {@code "bound"}
     * @param message a one-line human description
     * @param wallTime when it happened on the wall clock
     * @param sinceStart when it happened on the monotonic clock, since the system started
     */
    public record Event(String source, String kind, String message, Instant wallTime, Duration sinceStart) {
        /** Checks for nulls. */
        public Event {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(wallTime, "wallTime");
            Objects.requireNonNull(sinceStart, "sinceStart");
        }
    }

    private final SystemContext system;
    private final List<Consumer<Event>> subscribers = new ArrayList<>();

    SystemEvents(SystemContext system) {
        this.system = system;
    }

    /**
     * Publishes an event to every subscriber. Loop thread.
     *
     * @param source who publishes
     * @param kind the kind
     * @param message the description
     */
    public void publish(String source, String kind, String message) {
        assert system.loop().inLoop();
        Event event = new Event(source, kind, message, system.wallClock().instant(), system.sinceStart());
        for (Consumer<Event> subscriber : List.copyOf(subscribers)) {
            subscriber.accept(event);
        }
    }

    /**
     * @param subscriber called with every later event on the loop thread
     * @return a handle whose {@code run()} unsubscribes
     */
    public Runnable subscribe(Consumer<Event> subscriber) {
        assert system.loop().inLoopOrUnbound();
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
        return () -> subscribers.remove(subscriber);
    }
}
