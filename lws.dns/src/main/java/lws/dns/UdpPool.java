package lws.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The UDP sockets of one address family. A query goes out on a socket picked at random, with an id that
 * is free on it; each socket carries at most {@code socketQueries} queries before a socket on a new
 * random port takes its slot (RFC 5452: the id and the source port are both unpredictable). Loop thread.
 */
final class UdpPool {
    private final boolean ipv6;
    private final DnsNetwork network;
    private final RandomSource random;
    private final DnsCounters counters;
    private final int socketQueries;
    private final UdpPort[] slots;
    private final Set<UdpPort> open = new HashSet<>();

    UdpPool(boolean ipv6, DnsNetwork network, RandomSource random, DnsCounters counters, int size, int socketQueries) {
        this.ipv6 = ipv6;
        this.network = network;
        this.random = random;
        this.counters = counters;
        this.socketQueries = socketQueries;
        this.slots = new UdpPort[size];
    }

    /**
     * Binds a new try to a random port and a free random id.
     *
     * @param exchange the exchange
     * @param server the server the try goes to
     * @param edns true if the query carries an OPT record
     * @return the try, registered on its port
     * @throws IOException if a socket cannot be opened
     */
    Try newTry(Exchange exchange, InetSocketAddress server, boolean edns) throws IOException {
        int slot = random.nextInt(slots.length);
        UdpPort port = slots[slot];
        if (port == null) {
            port = open();
            slots[slot] = port;
        }
        int id;
        do {
            id = random.next16();
        } while (!port.idFree(id));
        Try t = new Try(exchange, id, port, server, edns);
        port.add(t);
        if (port.uses() >= socketQueries) {
            slots[slot] = null;
            port.retire();
        }
        return t;
    }

    private UdpPort open() throws IOException {
        UdpPort[] holder = new UdpPort[1];
        DnsNetwork.UdpSocket socket = network.openUdp(ipv6, (from, data) -> exchangeReply(holder[0], from, data));
        holder[0] = new UdpPort(socket, open);
        counters.socketsOpened++;
        return holder[0];
    }

    private void exchangeReply(UdpPort port, InetSocketAddress from, ByteBuffer data) {
        ReplyCheck.udp(port, from, data, counters);
    }

    /** @return the number of sockets open, retired ones still draining included */
    int openSockets() {
        return open.size();
    }

    /** Closes every socket (shutdown). */
    void close() {
        for (UdpPort port : List.copyOf(open)) {
            port.close();
        }
        Arrays.fill(slots, null);
    }
}
