package lws.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server from before EDNS, on loopback, in front of a real one: a query with an OPT record gets
 * FORMERR with no question section (what such servers send when they cannot parse the query); a query
 * without OPT is relayed to the real server (dnsmasq) and its reply relayed back. Test helper; its own
 * thread, stopped by {@link #close()}.
 */
final class NoEdnsServer implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final InetSocketAddress upstream;
    private final Thread thread;
    final AtomicInteger formerrs = new AtomicInteger();
    final AtomicInteger relayed = new AtomicInteger();

    private NoEdnsServer(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        front = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
        back.socket().setSoTimeout(2_000);
        thread = Thread.ofPlatform().daemon().name("no-edns-server").start(this::serve);
    }

    /**
     * @param upstream the real server queries without OPT go to
     * @return the started server
     */
    static NoEdnsServer start(InetSocketAddress upstream) throws IOException {
        return new NoEdnsServer(upstream);
    }

    /** @return {@code 127.0.0.1:port} for {@code dns.servers} */
    String hostPort() throws IOException {
        return "127.0.0.1:" + ((InetSocketAddress) front.getLocalAddress()).getPort();
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (front.isOpen()) {
            try {
                in.clear();
                SocketAddress client = front.receive(in);
                in.flip();
                Message query = new Message(in.duplicate());
                if (query.getOPT() != null) {
                    Message formerr = new Message(query.getHeader().getID());
                    formerr.getHeader().setFlag(Flags.QR);
                    formerr.getHeader().setRcode(Rcode.FORMERR);
                    formerrs.incrementAndGet(); // counted before the reply, so a test that has the answer sees it
                    front.send(ByteBuffer.wrap(formerr.toWire()), client);
                } else {
                    back.send(in, upstream);
                    DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                    back.socket().receive(reply); // at most the socket timeout
                    relayed.incrementAndGet();
                    front.send(ByteBuffer.wrap(reply.getData(), 0, reply.getLength()), client);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // a malformed query or a lost upstream reply: the resolver retransmits; keep serving
                System.err.println("no-edns-server: " + e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        front.close();
        back.close();
        thread.join(5_000);
    }
}
