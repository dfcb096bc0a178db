package lws.dns;

import java.net.InetSocketAddress;

/**
 * One UDP transmission of an {@link Exchange}: its id, the port it left from and the server it went to.
 * A reply is accepted for it only if it arrives on that port, from that server, with that id. Loop thread.
 */
final class Try {
    final Exchange exchange;
    final int id;
    final UdpPort port;
    final InetSocketAddress server;

    Try(Exchange exchange, int id, UdpPort port, InetSocketAddress server) {
        this.exchange = exchange;
        this.id = id;
        this.port = port;
        this.server = server;
    }
}
