package lws.app.api;

import java.io.IOException;

/**
 * Callbacks of a socket service: a channel registered with the system loop (a UDP socket, a TCP
 * listener or a TCP connection), after Zephyr's {@code net_socket_service}.
 *
 * <p>All callbacks run on the loop thread. {@link #onClosed} is called exactly once per registration,
 * whatever closed it: the handler, the peer (the handler saw end-of-stream and closed), an exception
 * thrown by a callback, or the loop shutting down. A callback that throws closes the registration
 * with that exception as the cause.
 *
 * @param <S> the per-registration state; the same object for the life of the registration
 */
public interface SocketHandler<S> {
    /**
     * The channel is readable (for a TCP listener: a connection is ready to accept). Called only while
     * read interest is on (the default).
     *
     * @param registration the registration, whose channel is readable
     * @throws IOException to close the registration with this cause
     */
    void onReadable(SocketRegistration<S> registration) throws IOException;

    /**
     * The channel is writable. Called only while write interest is on: after a
     * {@link SocketRegistration#write} that could not complete (the registration is choked), or after
     * {@link SocketRegistration#writeInterest(boolean) writeInterest(true)}.
     *
     * @param registration the registration, whose channel is writable
     * @throws IOException to close the registration with this cause
     */
    default void onWritable(SocketRegistration<S> registration) throws IOException {
        registration.writeInterest(false);
    }

    /**
     * The registration is closed and its channel released; called exactly once.
     *
     * @param registration the closed registration
     * @param reason why it closed
     */
    default void onClosed(SocketRegistration<S> registration, CloseReason reason) {
    }
}
