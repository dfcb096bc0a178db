package lws.bench.echomemory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Opens many TCP connections to an echo server from one thread, proves each live with one echoed
 * message, and closes them in order.
 *
 * <p>{@link #open} keeps at most {@value #MAX_CONNECTING} connects in flight (below the server's
 * listen backlog of 1024), writes a {@value #MESSAGE_BYTES}-byte message on each connection as soon as it
 * is established and counts the connection once the same bytes have come back. The connections then stay
 * open and idle, with no interest, until {@link #closeAll}: it half-closes every connection, waits for
 * the server's end-of-stream (so the server has closed its side: no connection lingers in the daemon
 * when the next sample is taken), then releases the channel.
 *
 * <p>Not thread-safe: one thread calls everything.
 */
final class EchoClient implements AutoCloseable {
    /** Size of the message each connection echoes. */
    static final int MESSAGE_BYTES = 16;
    /** Connects in flight at once. */
    static final int MAX_CONNECTING = 512;
    /** "lws-echo" in ASCII: the first half of every message; the second is the connection's number. */
    private static final long MAGIC = 0x6c77732d6563686fL;
    private static final long SELECT_MILLIS = 100;

    private final InetSocketAddress server;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4 * 1024);
    private final List<Connection> connections = new ArrayList<>();
    private int connecting;
    private int live;

    /**
     * @param server the echo server's address (loopback)
     * @throws IOException if no selector can be opened
     */
    EchoClient(InetSocketAddress server) throws IOException {
        this.server = Objects.requireNonNull(server, "server");
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("benchmarks talk to loopback only, not " + server);
        }
        this.selector = Selector.open();
    }

    /** @return the connections open now (each has echoed its message) */
    int liveConnections() {
        return live;
    }

    /**
     * Opens {@code count} more connections and waits until each has echoed its message.
     *
     * @param count how many connections to open
     * @param timeout the longest time the whole wave may take
     * @throws IOException if a connection fails, echoes wrong bytes, or the wave takes too long
     */
    void open(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int target = live + count;
        int started = 0;
        while (live < target) {
            while (started < count && connecting < MAX_CONNECTING) {
                connect(connections.size());
                started++;
            }
            selector.select(this::opening, SELECT_MILLIS);
            checkDeadline(deadline, timeout, "open: " + (live - target + count) + " of " + count + " echoed");
        }
    }

    /**
     * Half-closes every connection, waits for the server to close its side, and releases them.
     *
     * @param timeout the longest time this may take
     * @throws IOException if the server sends bytes, does not close in time, or a channel fails
     */
    void closeAll(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int total = connections.size();
        for (Connection c : connections) {
            c.channel.shutdownOutput();
            c.key.interestOps(SelectionKey.OP_READ);
        }
        while (live > 0) {
            selector.select(this::closing, SELECT_MILLIS);
            checkDeadline(deadline, timeout, "close: " + (total - live) + " of " + total + " closed by the server");
        }
        connections.clear();
        selector.selectNow(); // deregisters the cancelled keys
    }

    private void connect(int number) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            Connection c = new Connection(channel, number);
            connections.add(c);
            connecting++;
            boolean connected = channel.connect(server);
            c.key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
            if (connected) {
                established(c);
            }
        } catch (IOException e) {
            channel.close();
            throw new IOException("connection " + number + " to " + server + ": " + e.getMessage()
                    + " (out of ephemeral ports or file descriptors?)", e);
        }
    }

    private void opening(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) {
                    established(c);
                }
            } else if (key.isReadable()) {
                readEcho(c);
            }
        } catch (IOException e) {
            throw new WaveFailure("connection " + c.number + ": " + e.getMessage(), e);
        }
    }

    private void established(Connection c) throws IOException {
        ByteBuffer message = message(c.number);
        c.channel.write(message);
        if (message.hasRemaining()) {
            throw new IOException("a fresh socket did not take " + MESSAGE_BYTES + " bytes");
        }
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void readEcho(Connection c) throws IOException {
        readBuffer.clear().limit(MESSAGE_BYTES - c.received);
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            throw new IOException("the server closed after " + c.received + " of " + MESSAGE_BYTES + " bytes");
        }
        ByteBuffer expected = message(c.number);
        for (int i = 0; i < n; i++) {
            if (readBuffer.get(i) != expected.get(c.received + i)) {
                throw new IOException("echo differs at byte " + (c.received + i));
            }
        }
        c.received += n;
        if (c.received == MESSAGE_BYTES) {
            c.key.interestOps(0);
            connecting--;
            live++;
        }
    }

    private void closing(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n > 0) {
                throw new IOException(n + " unexpected bytes after the echo");
            }
            if (n < 0) {
                c.channel.close();
                live--;
            }
        } catch (IOException e) {
            throw new WaveFailure("connection " + c.number + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer message(int number) {
        return ByteBuffer.allocate(MESSAGE_BYTES).putLong(MAGIC).putLong(number).flip();
    }

    private static void checkDeadline(long deadline, Duration timeout, String progress) throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("not done in " + timeout.toSeconds() + " s: " + progress);
        }
    }

    /** Closes every connection still open and the selector. */
    @Override
    public void close() throws IOException {
        for (Connection c : connections) {
            c.channel.close();
        }
        connections.clear();
        selector.close();
    }

    /** One client connection. */
    private static final class Connection {
        final SocketChannel channel;
        final int number;
        SelectionKey key;
        int received;

        Connection(SocketChannel channel, int number) {
            this.channel = channel;
            this.number = number;
        }
    }

    /** A connection failed inside a selector callback (which cannot throw checked exceptions). */
    static final class WaveFailure extends RuntimeException {
        WaveFailure(String message, IOException cause) {
            super(message, cause);
        }
    }
}
