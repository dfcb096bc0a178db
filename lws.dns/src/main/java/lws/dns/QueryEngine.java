package lws.dns;

import lws.app.api.Cancellable;
import lws.system.EventLoop;
import lws.system.Owned;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The transport half of the resolver: builds queries with dnsjava, runs {@link Exchange}s over the UDP
 * pools (one per address family) and TCP, and bounds the exchanges in flight. Loop thread only.
 */
final class QueryEngine {
    final DnsSettings settings;
    final DnsNetwork network;
    final DnsCounters counters;
    final RandomSource random = new RandomSource();
    final EdnsFallback edns = new EdnsFallback();
    private final EventLoop loop;
    private final UdpPool v4;
    private final UdpPool v6;
    /** Exchanges in flight, as an intrusive doubly linked list: O(1) insert and removal, no allocation. */
    private Exchange first;
    private int inFlight;

    QueryEngine(EventLoop loop, DnsNetwork network, DnsSettings settings, DnsCounters counters) {
        this.loop = loop;
        this.network = network;
        this.settings = settings;
        this.counters = counters;
        this.v4 = new UdpPool(false, network, random, counters, settings.udpSockets(), settings.socketQueries());
        this.v6 = new UdpPool(true, network, random, counters, settings.udpSockets(), settings.socketQueries());
    }

    /** @return true when no more exchanges may start */
    boolean full() {
        return inFlight >= settings.maxInFlight();
    }

    /** @return the exchanges in flight */
    int inFlight() {
        return inFlight;
    }

    /** @return UDP sockets open in both pools */
    int openSockets() {
        return v4.openSockets() + v6.openSockets();
    }

    /**
     * Starts an exchange. The caller checks {@link #full()} first.
     *
     * @param qname the absolute name
     * @param qtype the record type
     * @param servers the servers, in order; not empty
     * @param done told the outcome exactly once, on the loop
     */
    void query(Name qname, int qtype, List<InetSocketAddress> servers, Consumer<Outcome> done) {
        Exchange exchange = new Exchange(this, qname, qtype, servers, done);
        exchange.next = first;
        if (first != null) {
            first.previous = exchange;
        }
        first = exchange;
        inFlight++;
        exchange.start();
    }

    /**
     * Encodes a query: what {@code Message.newQuery(…).toWire()} (with an OPT record when {@code edns})
     * gives, byte for byte (the golden-packet test checks it), without the compression table a one-name
     * message does not need. The id (bytes 0–1) is patched per try.
     *
     * @param qname the absolute name
     * @param qtype the record type
     * @param ednsSize the UDP payload size an OPT record advertises; 0 for no OPT record
     * @return the message, id 0
     */
    static byte[] wire(Name qname, int qtype, int ednsSize) {
        DNSOutput out = new DNSOutput(12 + qname.length() + 4 + 11);
        out.writeU16(0);
        out.writeU16(0x0100); // opcode QUERY, RD
        out.writeU16(1);
        out.writeU16(0);
        out.writeU16(0);
        out.writeU16(ednsSize > 0 ? 1 : 0);
        qname.toWire(out, null);
        out.writeU16(qtype);
        out.writeU16(DClass.IN);
        if (ednsSize > 0) {
            out.writeU8(0); // root owner name
            out.writeU16(Type.OPT);
            out.writeU16(ednsSize);
            out.writeU32(0); // extended rcode, version, flags
            out.writeU16(0); // no options
        }
        return out.toByteArray();
    }

    Try newTry(Exchange exchange, InetSocketAddress server, boolean edns) throws IOException {
        return (server.getAddress() instanceof Inet6Address ? v6 : v4).newTry(exchange, server, edns);
    }

    /**
     * @param server a server
     * @return true if a query to it is to carry an OPT record: EDNS is configured and the server has not
     *         refused it lately ({@link EdnsFallback})
     */
    boolean ednsFor(InetSocketAddress server) {
        return settings.ednsSize() > 0 && edns.useEdns(server, now());
    }

    /** @return the loop's monotonic clock, in nanoseconds */
    long now() {
        return loop.clock().nanos();
    }

    Cancellable schedule(Duration delay, Runnable task) {
        return loop.schedule(delay, Owned.task("dns", task));
    }

    void finished(Exchange exchange) {
        if (exchange.previous != null) {
            exchange.previous.next = exchange.next;
        } else {
            first = exchange.next;
        }
        if (exchange.next != null) {
            exchange.next.previous = exchange.previous;
        }
        exchange.previous = null;
        exchange.next = null;
        inFlight--;
    }

    /**
     * Fails every exchange in flight and closes the sockets.
     *
     * @param cause the cause the waiting lookups report
     */
    void close(String cause) {
        while (first != null) {
            first.abort(cause);
        }
        v4.close();
        v6.close();
    }

    /**
     * @param server a server address
     * @return {@code 127.0.0.1:5354} or {@code [::1]:5354}
     */
    static String text(InetSocketAddress server) {
        String host = Addresses.text(server.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }
}
