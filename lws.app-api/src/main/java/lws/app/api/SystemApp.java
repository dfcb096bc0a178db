package lws.app.api;

/**
 * An lwsd app: a plug-in found with {@link java.util.ServiceLoader}, started on the system loop once
 * the system reaches {@link #startState()}.
 *
 * <p>Declare it in the app's {@code module-info.java} with
 * {@code provides lws.app.api.SystemApp with my.pkg.MyApp;}. The class needs a public no-argument
 * constructor (or a public static {@code provider()} method); the constructor must not do work:
 * work starts in {@link #start}.
 *
 * <p>Threading: {@link #start} and {@link #stop} are called on the loop thread and must not block.
 */
public interface SystemApp {
    /** @return a short unique name, shown by {@code lwsctl apps} and in logs */
    String name();

    /** @return the state at which {@link #start} is called; {@link SystemState#OPERATIONAL} by default */
    default SystemState startState() {
        return SystemState.OPERATIONAL;
    }

    /**
     * Starts the app. An exception marks the app FAILED; the system and other apps go on.
     *
     * @param context the app's view of the system; valid until {@link #stop()} returns
     * @throws Exception when the app cannot start
     */
    void start(AppContext context) throws Exception;

    /**
     * Stops the app: close what it registered and release its holds. Called in reverse start order
     * when the system shuts down, only if {@link #start} succeeded. Socket registrations and timers
     * the app leaves behind are closed by the loop when it shuts down.
     *
     * @throws Exception reported in the log; shutdown goes on
     */
    default void stop() throws Exception {
    }
}
