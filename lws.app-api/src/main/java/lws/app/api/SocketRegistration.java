package lws.app.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A channel registered with the system loop, with its handler and per-registration state.
 *
 * <p>Loop thread only, except {@link #isOpen()}. The {@link #state()} object never changes identity.
 *
 * @param <S> the per-registration state type
 */
public interface SocketRegistration<S> {
    /** @return the registered channel */
    SelectableChannel channel();

    /** @return the state object given at registration; always the same instance */
    S state();

    /** @return who registered it (used in logs and stall reports) */
    String owner();

    /** @return false once closed; any thread */
    boolean isOpen();

    /**
     * Turns read (or accept) interest on or off: while off, {@link SocketHandler#onReadable} is not
     * called and the kernel buffer fills, which pushes back on the peer.
     *
     * @param on whether to be told of readability
     */
    void readInterest(boolean on);

    /**
     * Turns write interest on or off: while on, {@link SocketHandler#onWritable} is called whenever
     * the socket can take more bytes.
     *
     * @param on whether to be told of writability
     */
    void writeInterest(boolean on);

    /**
     * Writes as much of {@code data} as the kernel takes now, without blocking. When bytes remain the
     * registration becomes <em>choked</em>: write interest turns on and {@code onWritable} is called
     * when there is room; the caller keeps the remaining bytes (the buffer's position tells how far it
     * got). A write that empties the buffer un-chokes the registration and turns write interest off.
     *
     * @param data the bytes to write (a stream channel); position is advanced by what was written
     * @return true if every byte was written
     * @throws IOException if the write fails (the caller may let it propagate to close the registration)
     */
    boolean write(ByteBuffer data) throws IOException;

    /** @return true while a {@link #write} left bytes behind and the socket has not drained yet */
    boolean isChoked();

    /** Closes the channel and calls {@link SocketHandler#onClosed} (once). Idempotent. */
    void close();
}
