package lws.app.api;

/**
 * A hold on one step of the system state machine: while any hold on a state is active, the system
 * does not enter that state. Obtained from {@link AppContext#hold(SystemState, String)}.
 *
 * <p>Thread-safe: {@link #release()} may be called from any thread; the machine continues on its loop.
 */
public interface Hold {
    /** @return the state this hold keeps the system out of */
    SystemState state();

    /** @return who holds it, as shown by {@code lwsctl status} */
    String owner();

    /**
     * Lets the system enter {@link #state()} (if no other hold remains). Idempotent.
     *
     * @return true if this call released the hold
     */
    boolean release();
}
