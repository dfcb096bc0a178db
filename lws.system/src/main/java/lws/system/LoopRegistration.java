package lws.system;

import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One channel registered with an {@link EventLoop}: its key, handler, fixed state object and interest.
 *
 * <p>Close is owned here: {@link #close(CloseReason)} is the only path that releases the channel and it
 * calls the handler's {@code onClosed} exactly once, whichever of the handler, a failing callback or
 * the loop shutdown got there first. Loop thread only, except {@link #isOpen()}.
 */
final class LoopRegistration<S> implements SocketRegistration<S>, Owned {
    private static final Logger log = LoggerFactory.getLogger(LoopRegistration.class);

    private final EventLoop loop;
    private final SelectableChannel channel;
    private final String owner;
    private final S state;
    private final SocketHandler<S> handler;
    private final int readOp;
    private SelectionKey key;
    private boolean readInterest = true;
    private boolean writeInterest;
    private boolean connecting;
    private boolean choked;
    private volatile boolean open = true;

    LoopRegistration(EventLoop loop, SelectableChannel channel, String owner, S state, SocketHandler<S> handler) {
        this.loop = loop;
        this.channel = channel;
        this.owner = owner;
        this.state = state;
        this.handler = handler;
        this.readOp = channel instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
    }

    void register(Selector selector) throws IOException {
        channel.configureBlocking(false);
        connecting = channel instanceof SocketChannel socket && socket.isConnectionPending();
        key = channel.register(selector, interestOps(), this);
    }

    private int interestOps() {
        if (connecting) {
            return SelectionKey.OP_CONNECT;
        }
        return (readInterest ? readOp : 0) | (writeInterest ? SelectionKey.OP_WRITE : 0);
    }

    private void updateInterest() {
        if (open && key.isValid()) {
            key.interestOps(interestOps());
        }
    }

    /** Dispatches the ready operations of this registration's key. Loop thread. */
    void ready(int readyOps) {
        try {
            if (connecting && (readyOps & SelectionKey.OP_CONNECT) != 0) {
                if (!((SocketChannel) channel).finishConnect()) {
                    return;
                }
                connecting = false;
                updateInterest();
                if (writeInterest) {
                    handler.onWritable(this);
                }
                return;
            }
            if ((readyOps & readOp) != 0 && readInterest) {
                handler.onReadable(this);
            }
            if (open && (readyOps & SelectionKey.OP_WRITE) != 0 && writeInterest) {
                handler.onWritable(this);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: socket callback failed, closing", owner, e);
            close(new CloseReason(CloseReason.Kind.ERROR, String.valueOf(e.getMessage()), e));
        }
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public S state() {
        return state;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void readInterest(boolean on) {
        assert loop.inLoop();
        readInterest = on;
        updateInterest();
    }

    @Override
    public void writeInterest(boolean on) {
        assert loop.inLoop();
        writeInterest = on;
        updateInterest();
    }

    @Override
    public boolean write(ByteBuffer data) throws IOException {
        assert loop.inLoop();
        if (!open) {
            throw new IOException(owner + ": write on a closed registration");
        }
        if (!(channel instanceof WritableByteChannel out)) {
            throw new IllegalStateException(owner + ": " + channel.getClass().getSimpleName() + " is not a stream");
        }
        if (!connecting) {
            while (data.hasRemaining() && out.write(data) > 0) {
                // keep writing while the kernel takes bytes
            }
        }
        boolean complete = !data.hasRemaining();
        if (!complete && !choked) {
            choked = true;
            writeInterest(true);
        } else if (complete && choked) {
            choked = false;
            writeInterest(false);
        }
        return complete;
    }

    @Override
    public boolean isChoked() {
        return choked;
    }

    @Override
    public void close() {
        close(new CloseReason(CloseReason.Kind.CLOSED, "", null));
    }

    void close(CloseReason reason) {
        if (!open) {
            return;
        }
        open = false;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: closing channel failed", owner, e);
        }
        loop.unregistered(this);
        try {
            handler.onClosed(this, reason);
        } catch (RuntimeException e) {
            log.warn("{}: onClosed threw", owner, e);
        }
    }

    @Override
    public String toString() {
        return owner + " " + channel;
    }
}
