package lws.bench.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a resolver: the ceiling of the machine for the other rows. One thread sends one fixed A query
 * (only its id varies) over four UDP sockets to the server, {@code inflight} at a time, and counts the
 * datagrams that come back, with no DNS work at all (no encoding, no validation, no parsing, no timers).
 * What a client can add on top of this loop on the same cores is bounded by it.
 */
final class BareLoop implements DnsBench.Load {
    private static final byte[] QUERY = { // q1.perf.test A, RD, no OPT; id 0 (patched per send)
        0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 'q', '1', 4, 'p', 'e', 'r', 'f', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};

    private final InetSocketAddress server;
    private final AtomicLong answers;
    private Thread thread;
    private volatile boolean stop;

    BareLoop(InetSocketAddress server, AtomicLong answers) {
        this.server = server;
        this.answers = answers;
    }

    @Override
    public void start(int inflight) {
        stop = false;
        thread = Thread.ofPlatform().name("bare-loop").start(() -> {
            try {
                run(inflight);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void run(int inflight) throws IOException {
        DatagramChannel[] sockets = new DatagramChannel[4];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = DatagramChannel.open().bind(new InetSocketAddress(server.getAddress(), 0));
                sockets[i].configureBlocking(false).register(selector, SelectionKey.OP_READ);
            }
            ByteBuffer in = ByteBuffer.allocateDirect(1500);
            ByteBuffer out = ByteBuffer.allocateDirect(QUERY.length);
            int waiting = 0;
            int id = 0;
            while (!stop) {
                for (; waiting < inflight; waiting++, id++) {
                    out.clear().put(QUERY).putShort(0, (short) id).flip();
                    sockets[id & 3].send(out, server);
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel socket = (DatagramChannel) key.channel();
                    while (socket.receive(in.clear()) != null) {
                        waiting--;
                        answers.incrementAndGet();
                    }
                }
                selector.selectedKeys().clear();
                if (waiting == inflight && selector.selectedKeys().isEmpty()) {
                    waiting = 0; // nothing came back within 100 ms: resend rather than stall
                }
            }
        } finally {
            for (DatagramChannel socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    @Override
    public void stop() throws Exception {
        stop = true;
        thread.join(5_000);
    }
}
