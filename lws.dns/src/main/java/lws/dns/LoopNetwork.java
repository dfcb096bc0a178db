package lws.dns;

import lws.app.api.Cancellable;
import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.system.EventLoop;
import lws.system.Owned;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * {@link DnsNetwork} on the system loop: non-blocking UDP sockets and TCP connections registered as
 * socket services. One receive buffer is shared by all UDP sockets (the loop reads one datagram at a
 * time). Loop thread only.
 */
final class LoopNetwork implements DnsNetwork {
    /** Datagrams read per readiness callback before other sockets get their turn. */
    private static final int READ_BURST = 64;

    private final EventLoop loop;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(65_535);

    LoopNetwork(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public UdpSocket openUdp(boolean ipv6, DatagramSink sink) throws IOException {
        DatagramChannel channel = DatagramChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(null);
            SocketRegistration<DatagramSink> registration = loop.register(channel, "dns", sink, udpHandler);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            return new LoopUdpSocket(channel, registration, port);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private final SocketHandler<DatagramSink> udpHandler = registration -> {
        DatagramChannel channel = (DatagramChannel) registration.channel();
        for (int i = 0; i < READ_BURST && registration.isOpen(); i++) { // a reply may retire and close it
            receiveBuffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(receiveBuffer);
            if (from == null) {
                return;
            }
            receiveBuffer.flip();
            registration.state().received(from, receiveBuffer);
        }
    };

    private record LoopUdpSocket(DatagramChannel channel, SocketRegistration<DatagramSink> registration, int port)
            implements UdpSocket {
        @Override
        public boolean send(ByteBuffer packet, InetSocketAddress to) throws IOException {
            return channel.send(packet, to) > 0;
        }

        @Override
        public void close() {
            registration.close();
        }
    }

    @Override
    public Cancellable tcpExchange(InetSocketAddress server, byte[] query, Duration timeout, TcpReply reply) {
        TcpState state = new TcpState(query, reply);
        try {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.configureBlocking(false);
                channel.connect(server);
                state.registration = loop.register(channel, "dns", state, tcpHandler);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            loop.execute(Owned.task("dns", () -> reply.failed(String.valueOf(e.getMessage()))));
            return () -> false;
        }
        state.timer = loop.schedule(timeout, Owned.task("dns", () -> state.end(null, "no reply within " + timeout.toMillis() + " ms")));
        state.sendQuery();
        return () -> state.end(null, null);
    }

    /** One TCP exchange: the length-prefixed query out, then a 2-byte length and the reply in. */
    private static final class TcpState {
        final ByteBuffer out;
        final TcpReply reply;
        final ByteBuffer length = ByteBuffer.allocate(2);
        ByteBuffer in;
        SocketRegistration<TcpState> registration;
        Cancellable timer;
        boolean ended;

        TcpState(byte[] query, TcpReply reply) {
            this.out = ByteBuffer.allocate(2 + query.length).putShort((short) query.length).put(query).flip();
            this.reply = reply;
        }

        void sendQuery() {
            try {
                registration.write(out);
            } catch (IOException e) {
                end(null, String.valueOf(e.getMessage()));
            }
        }

        /** Ends the exchange once: tells the reply (unless both are null: cancelled) and closes. */
        boolean end(byte[] message, String cause) {
            if (ended) {
                return false;
            }
            ended = true;
            if (timer != null) {
                timer.cancel();
            }
            registration.close();
            if (message != null) {
                reply.completed(message);
            } else if (cause != null) {
                reply.failed(cause);
            }
            return true;
        }
    }

    private final SocketHandler<TcpState> tcpHandler = new SocketHandler<>() {
        @Override
        public void onReadable(SocketRegistration<TcpState> registration) throws IOException {
            TcpState s = registration.state();
            SocketChannel channel = (SocketChannel) registration.channel();
            if (s.in == null) {
                if (channel.read(s.length) < 0) {
                    s.end(null, "connection closed before the reply");
                    return;
                }
                if (s.length.hasRemaining()) {
                    return;
                }
                s.in = ByteBuffer.allocate(s.length.flip().getShort() & 0xffff);
            }
            if (channel.read(s.in) < 0) {
                s.end(null, "connection closed in the middle of the reply");
                return;
            }
            if (!s.in.hasRemaining()) {
                s.end(s.in.array(), null);
            }
        }

        @Override
        public void onWritable(SocketRegistration<TcpState> registration) throws IOException {
            registration.write(registration.state().out);
        }

        @Override
        public void onClosed(SocketRegistration<TcpState> registration, CloseReason reason) {
            registration.state().end(null, reason.kind() == CloseReason.Kind.ERROR
                    ? String.valueOf(reason.message()) : "connection closed");
        }
    };
}
