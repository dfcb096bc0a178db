package lws.app.api;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An app's view of the system: its state machine, its event loop, what the helpers know of the network,
 * and the resolver and time facades.
 *
 * <p>Threading is stated per method. Callbacks always run on the loop thread.
 */
public interface AppContext {
    /** @return the app's name */
    String appName();

    /** @return the state the system is in now; any thread (a snapshot that may be stale at once) */
    SystemState state();

    /**
     * Runs {@code callback} on the loop once the system reaches or has passed {@code state} (compared on
     * the main sequence): if it already has, on the next loop pass, never on the calling thread.
     * Callbacks attached to the same state run in attach order. Pending callbacks do not run if the
     * system is destroyed first. Any thread.
     *
     * @param state the main-sequence state to wait for
     * @param callback what to run
     * @return a handle that cancels the callback if it has not run yet
     */
    Cancellable attach(SystemState state, Runnable callback);

    /**
     * Holds the system out of {@code state} until the returned hold is released, the way a provisioning
     * app gates {@link SystemState#OPERATIONAL}. Apps may hold {@link SystemState#POLICY_VALID},
     * {@link SystemState#REGISTERED}, {@link SystemState#AUTH1} and {@link SystemState#AUTH2}. Any thread.
     *
     * @param state the state to hold
     * @param reason a short reason shown by {@code lwsctl status}
     * @return the hold
     * @throws IllegalArgumentException for other states
     * @throws IllegalStateException if the system already reached {@code state}
     */
    Hold hold(SystemState state, String reason);

    /**
     * @return an executor running tasks on the loop thread, in submission order per submitting thread;
     *         a task that throws is logged with this app's name. Rejects tasks after shutdown.
     */
    Executor executor();

    /**
     * Runs {@code task} on the loop after {@code delay} (on the monotonic clock: wall-clock steps do not
     * move it). Any thread.
     *
     * @param delay how long to wait; zero or negative runs it on the next pass
     * @param task what to run
     * @return a handle that cancels the timer
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Registers a channel with the loop as a socket service. The channel is made non-blocking. Loop
     * thread only (call it from {@link SystemApp#start} or a callback).
     *
     * @param <S> the per-registration state type
     * @param channel a UDP socket, a TCP listener or a TCP connection
     * @param state the per-registration state (never replaced)
     * @param handler the callbacks
     * @return the registration
     * @throws IOException if the channel cannot be registered
     */
    <S> SocketRegistration<S> register(SelectableChannel channel, S state, SocketHandler<S> handler)
            throws IOException;

    /** @return what the helpers know of the network now; any thread */
    NetworkInfo network();

    /** @return the system resolver (reports itself unavailable when no DNS helper is present) */
    Resolver resolver();

    /** @return the system time source */
    TimeSource time();

    /**
     * @param key a configuration key, e.g. {@code echo.port}
     * @return the configured value, if the daemon's configuration has the key (apps read keys under
     *         their own name prefix; the daemon accepts {@code <app name>.*} keys for every loaded app)
     */
    java.util.Optional<String> config(String key);
}
