package lws.dns;

import java.net.InetSocketAddress;

/**
 * One UDP transmission of an {@link Exchange}: its id, the port it left from, the server it went to and
 * whether it carried an OPT record. A reply is accepted for it only if it arrives on that port, from
 * that server, with that id. Loop thread.
 */
final class Try {
    final Exchange exchange;
    final int id;
    final UdpPort port;
    final InetSocketAddress server;
    /** True if the query carried an OPT record (EDNS). */
    final boolean edns;

    Try(Exchange exchange, int id, UdpPort port, InetSocketAddress server, boolean edns) {
        this.exchange = exchange;
        this.id = id;
        this.port = port;
        this.server = server;
        this.edns = edns;
    }
}
