package lws.app.api;

/**
 * Something that was scheduled and may still be called off: a timer, an attached callback, a hold.
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread.
 */
public interface Cancellable {
    /**
     * Calls the thing off if it has not run (or been released) yet.
     *
     * @return true if this call cancelled it, false if it had already run or been cancelled
     */
    boolean cancel();
}
