package lws.dns;

import lws.app.api.Cancellable;
import org.xbill.DNS.Message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link DnsNetwork} that records what the engine sends and lets the test inject replies. */
final class FakeNetwork implements DnsNetwork {
    /** One datagram the engine sent. */
    record Sent(FakeSocket socket, InetSocketAddress to, byte[] bytes) {
        Message message() {
            try {
                return new Message(bytes);
            } catch (IOException e) {
                throw new AssertionError("engine sent a malformed query", e);
            }
        }

        int id() {
            return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        }
    }

    /** One TCP exchange the engine started. */
    static final class TcpCall {
        final InetSocketAddress server;
        final byte[] query;
        final Duration timeout;
        final TcpReply reply;
        boolean cancelled;

        TcpCall(InetSocketAddress server, byte[] query, Duration timeout, TcpReply reply) {
            this.server = server;
            this.query = query;
            this.timeout = timeout;
            this.reply = reply;
        }

        int id() {
            return ((query[0] & 0xff) << 8) | (query[1] & 0xff);
        }
    }

    /** A fake UDP socket. */
    final class FakeSocket implements UdpSocket {
        final int port;
        final boolean ipv6;
        final DatagramSink sink;
        boolean closed;

        FakeSocket(int port, boolean ipv6, DatagramSink sink) {
            this.port = port;
            this.ipv6 = ipv6;
            this.sink = sink;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean send(ByteBuffer packet, InetSocketAddress to) {
            byte[] b = new byte[packet.remaining()];
            packet.get(b);
            sent.add(new Sent(this, to, b));
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final List<FakeSocket> sockets = new ArrayList<>();
    final List<TcpCall> tcp = new ArrayList<>();
    private int nextPort = 40_000;

    @Override
    public UdpSocket openUdp(boolean ipv6, DatagramSink sink) {
        FakeSocket s = new FakeSocket(nextPort++, ipv6, sink);
        sockets.add(s);
        return s;
    }

    @Override
    public Cancellable tcpExchange(InetSocketAddress server, byte[] query, Duration timeout, TcpReply reply) {
        TcpCall call = new TcpCall(server, query, timeout, reply);
        tcp.add(call);
        return () -> {
            boolean was = !call.cancelled;
            call.cancelled = true;
            return was;
        };
    }

    /** @return the last datagram sent */
    Sent last() {
        if (sent.isEmpty()) {
            throw new AssertionError("nothing was sent");
        }
        return sent.getLast();
    }

    /**
     * Delivers a datagram to the socket {@code to} was sent from.
     *
     * @param to the query it answers (gives the socket)
     * @param from the sender
     * @param reply the datagram
     */
    void deliver(Sent to, InetSocketAddress from, byte[] reply) {
        to.socket().sink.received(from, ByteBuffer.wrap(reply));
    }
}
