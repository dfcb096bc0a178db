package lws.ntp;

import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.system.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One non-blocking, unconnected UDP socket on an ephemeral port, registered with the system loop. It
 * is dual-stack where the host has IPv6, so IPv4 and IPv6 servers share it; replies are told apart by
 * source address and origin timestamp, not by socket. Loop thread only.
 */
final class UdpTransport implements NtpTransport, SocketHandler<UdpTransport.Buffers> {
    private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);
    /** Larger than any NTP packet with extension fields we would read. */
    private static final int RECEIVE_BYTES = 1024;

    /** The receive buffer of the registration (its per-registration state). */
    record Buffers(ByteBuffer receive) {
    }

    private final EventLoop loop;
    private final Receiver receiver;
    private final DatagramChannel channel;
    private final SocketRegistration<Buffers> registration;

    private UdpTransport(EventLoop loop, Receiver receiver) throws IOException {
        this.loop = loop;
        this.receiver = receiver;
        this.channel = DatagramChannel.open();
        try {
            channel.bind(null);
            this.registration = loop.register(channel, "ntp", new Buffers(ByteBuffer.allocate(RECEIVE_BYTES)), this);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * @param loop the loop (called on its thread)
     * @param receiver where datagrams go
     * @return the transport
     * @throws IOException if the socket cannot be opened or bound
     */
    static UdpTransport open(EventLoop loop, Receiver receiver) throws IOException {
        return new UdpTransport(loop, receiver);
    }

    @Override
    public void send(InetSocketAddress to, byte[] packet) throws IOException {
        if (channel.send(ByteBuffer.wrap(packet), to) == 0) {
            throw new IOException("ntp " + to + ": socket send buffer full, request not sent");
        }
    }

    @Override
    public void onReadable(SocketRegistration<Buffers> reg) throws IOException {
        ByteBuffer buffer = reg.state().receive();
        for (int i = 0; i < 64; i++) { // bounded: let other work run between floods
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
            if (from == null) {
                return;
            }
            long now = loop.clock().nanos();
            receiver.onDatagram(from, buffer.array(), buffer.position(), now);
        }
    }

    @Override
    public void onClosed(SocketRegistration<Buffers> reg, CloseReason reason) {
        log.debug("ntp socket closed: {}", reason);
    }

    @Override
    public void close() {
        registration.close();
    }
}
