package lws.system;

import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SocketServiceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final EventLoop loop = EventLoop.start("socket-test");
    /** Every onClosed call, as "owner:KIND". */
    private final List<String> closes = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        loop.close();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
    }

    /** Per-connection state: its identity must never change. */
    static final class Conn {
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        int reads;
    }

    /** An echo handler with a switchable failure, counting closes. */
    private final class Echo implements SocketHandler<Conn> {
        final List<Conn> seenStates = Collections.synchronizedList(new ArrayList<>());
        volatile boolean throwOnRead;
        volatile boolean closeTwiceOnRead;

        @Override
        public void onReadable(SocketRegistration<Conn> r) throws IOException {
            Conn c = r.state();
            seenStates.add(c);
            c.reads++;
            if (throwOnRead) {
                throw new IOException("handler failure");
            }
            if (closeTwiceOnRead) {
                r.close();
                r.close();
                return;
            }
            int n = ((SocketChannel) r.channel()).read(c.buffer);
            if (n < 0) {
                r.close();
                return;
            }
            c.buffer.flip();
            r.write(c.buffer);
            c.buffer.compact();
        }

        @Override
        public void onClosed(SocketRegistration<Conn> r, CloseReason reason) {
            closes.add(r.owner() + ":" + reason.kind());
        }
    }

    /** Starts a TCP listener on the loop that registers each accepted connection with {@code echo}. */
    private InetSocketAddress listen(Echo echo) throws Exception {
        return loop.submit(() -> {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            AtomicInteger ids = new AtomicInteger();
            loop.register(server, "listener", new Object(), registration -> {
                SocketChannel accepted = server.accept();
                if (accepted != null) {
                    loop.register(accepted, "conn" + ids.incrementAndGet(), new Conn(), echo);
                }
            });
            return (InetSocketAddress) server.getLocalAddress();
        }).get(5, TimeUnit.SECONDS);
    }

    private static byte[] roundTrip(Socket s, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(sent);
        return s.getInputStream().readNBytes(sent.length);
    }

    private void awaitCloses(int n) throws InterruptedException {
        for (int i = 0; i < 500 && closes.size() < n; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // a second, wrong onClosed would show up here
    }

    @Test
    void tcpEchoKeepsOneStateObjectAndPeerCloseIsReportedOnce() throws Exception {
        Echo echo = new Echo();
        InetSocketAddress address = listen(echo);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), roundTrip(s, "hello"));
            assertArrayEquals("again".getBytes(StandardCharsets.UTF_8), roundTrip(s, "again"));
        }
        awaitCloses(1);
        assertEquals(List.of("conn1:CLOSED"), closes);
        assertTrue(echo.seenStates.size() >= 2);
        for (Conn c : echo.seenStates) {
            assertSame(echo.seenStates.get(0), c, "the per-registration state never changes identity");
        }
    }

    @Test
    void handlerClosingTwiceIsReportedOnce() throws Exception {
        Echo echo = new Echo();
        echo.closeTwiceOnRead = true;
        InetSocketAddress address = listen(echo);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.getOutputStream().write(1);
            assertEquals(-1, s.getInputStream().read(), "the server closed the connection");
        }
        awaitCloses(1);
        assertEquals(List.of("conn1:CLOSED"), closes);
    }

    @Test
    void handlerExceptionClosesWithErrorOnce() throws Exception {
        Echo echo = new Echo();
        echo.throwOnRead = true;
        InetSocketAddress address = listen(echo);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.getOutputStream().write(1);
            assertEquals(-1, s.getInputStream().read());
        }
        awaitCloses(1);
        assertEquals(List.of("conn1:ERROR"), closes);
    }

    @Test
    void loopShutdownClosesEveryRegistrationOnce() throws Exception {
        Echo echo = new Echo();
        InetSocketAddress address = listen(echo);
        try (Socket a = new Socket(address.getAddress(), address.getPort());
             Socket b = new Socket(address.getAddress(), address.getPort())) {
            roundTrip(a, "x");
            roundTrip(b, "y");
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
            assertEquals(-1, a.getInputStream().read());
            assertEquals(-1, b.getInputStream().read());
        }
        List<String> sorted = new ArrayList<>(closes);
        Collections.sort(sorted);
        assertEquals(List.of("conn1:LOOP_SHUTDOWN", "conn2:LOOP_SHUTDOWN"), sorted,
                "the listener's handler has no onClosed override; each connection told once");
    }

    @Test
    void udpRegistrationEchoesDatagrams() throws Exception {
        InetSocketAddress address = loop.submit(() -> {
            DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            ByteBuffer buf = ByteBuffer.allocate(1500);
            loop.register(udp, "udp-echo", buf, r -> {
                ByteBuffer b = r.state();
                b.clear();
                var from = udp.receive(b);
                if (from != null) {
                    b.flip();
                    udp.send(b, from);
                }
            });
            return (InetSocketAddress) udp.getLocalAddress();
        }).get();
        try (DatagramChannel client = DatagramChannel.open()) {
            client.connect(address);
            client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer reply = ByteBuffer.allocate(100);
            client.socket().setSoTimeout(5000);
            client.read(reply);
            reply.flip();
            assertEquals("ping", StandardCharsets.UTF_8.decode(reply).toString());
        }
    }

    @Test
    void writeChokesWhenTheKernelBufferIsFullAndResumesWhenThePeerReads() throws Exception {
        int total = 32 * 1024 * 1024;
        CompletableFuture<Boolean> choked = new CompletableFuture<>();
        AtomicInteger writableCalls = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        InetSocketAddress address = loop.submit(() -> {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            loop.register(server, "listener", new Object(), r -> {
                SocketChannel c = server.accept();
                if (c == null) {
                    return;
                }
                ByteBuffer data = ByteBuffer.allocate(total);
                for (int i = 0; i < total; i++) {
                    data.put(i, (byte) i);
                }
                loop.register(c, "sender", data, new SocketHandler<ByteBuffer>() {
                    @Override
                    public void onReadable(SocketRegistration<ByteBuffer> reg) throws IOException {
                        if (((SocketChannel) reg.channel()).read(ByteBuffer.allocate(16)) < 0) {
                            reg.close();
                        }
                    }

                    @Override
                    public void onWritable(SocketRegistration<ByteBuffer> reg) throws IOException {
                        writableCalls.incrementAndGet();
                        if (reg.write(reg.state())) {
                            finished.countDown();
                        }
                    }
                }).write(data);
                // The sender registration itself was just created: look at its choke state through the data.
                choked.complete(data.hasRemaining());
            });
            return (InetSocketAddress) server.getLocalAddress();
        }).get();
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            assertTrue(choked.get(5, TimeUnit.SECONDS), "32 MiB cannot fit the kernel buffers of an idle reader");
            Thread.sleep(100);
            int idleWritable = writableCalls.get();
            assertTrue(idleWritable <= 1, "no busy onWritable loop while the peer does not read: " + idleWritable);
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(total);
            assertEquals(total, got.length);
            for (int i = 0; i < total; i += 4099) {
                assertEquals((byte) i, got[i], "byte " + i);
            }
            assertTrue(finished.await(5, TimeUnit.SECONDS), "the sender un-choked and finished");
            assertTrue(writableCalls.get() > 0);
        }
    }

    @Test
    void isChokedAndWriteInterestFollowTheBuffer() throws Exception {
        CompletableFuture<List<Boolean>> states = new CompletableFuture<>();
        InetSocketAddress address = loop.submit(() -> {
            ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            loop.register(server, "listener", new Object(), r -> {
                SocketChannel c = server.accept();
                if (c == null) {
                    return;
                }
                SocketRegistration<Object> reg = loop.register(c, "conn", new Object(), x -> { });
                List<Boolean> seen = new ArrayList<>();
                seen.add(reg.isChoked());
                reg.write(ByteBuffer.wrap(new byte[10]));
                seen.add(reg.isChoked());
                reg.write(ByteBuffer.allocate(64 * 1024 * 1024));
                seen.add(reg.isChoked());
                states.complete(seen);
            });
            return (InetSocketAddress) server.getLocalAddress();
        }).get();
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            assertEquals(List.of(false, false, true), states.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void registerOffTheLoopThreadIsRefused() throws Exception {
        try (DatagramChannel udp = DatagramChannel.open()) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> loop.register(udp, "x", new Object(), r -> { }));
            assertTrue(e.getMessage().contains("loop thread"));
        }
        assertFalse(loop.isClosing());
    }
}
