package lws.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * A loopback UDP relay to a server that the test can silence: while {@link #answering} is false it
 * drops every request, so the server "stops answering" without being restarted. Two virtual threads
 * relay requests and replies; closing the channels ends them.
 */
final class UdpProxy implements AutoCloseable {
    volatile boolean answering = true;
    private final DatagramChannel front;
    private final DatagramChannel back;
    private volatile SocketAddress client;

    /**
     * @param target the server to relay to (loopback)
     * @throws IOException if the sockets cannot be opened
     */
    UdpProxy(InetSocketAddress target) throws IOException {
        front = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0)).connect(target);
        Thread.ofVirtual().name("proxy-requests").start(() -> relay(true));
        Thread.ofVirtual().name("proxy-replies").start(() -> relay(false));
    }

    /** @return where clients send */
    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    private void relay(boolean requests) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (true) {
                buf.clear();
                if (requests) {
                    SocketAddress from = front.receive(buf);
                    client = from;
                    if (answering) {
                        back.write(buf.flip());
                    }
                } else {
                    back.read(buf);
                    SocketAddress to = client;
                    if (to != null) {
                        front.send(buf.flip(), to);
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            return; // close() ends the relay
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        front.close();
        back.close();
    }
}
