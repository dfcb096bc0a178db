package lws.dns;

import lws.app.api.Cancellable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The sockets the {@link QueryEngine} sends through: {@link LoopNetwork} on the system loop, or a fake in
 * tests that records what is sent and injects replies. Loop thread only.
 */
interface DnsNetwork {
    /**
     * Opens a UDP socket bound to a port the kernel picks at random.
     *
     * @param ipv6 true for an IPv6 socket, false for IPv4
     * @param sink where the socket's datagrams go
     * @return the socket
     * @throws IOException if no socket can be opened
     */
    UdpSocket openUdp(boolean ipv6, DatagramSink sink) throws IOException;

    /**
     * Sends one length-prefixed query over a new TCP connection and reads one reply, then closes.
     *
     * @param server the server
     * @param query the query message, without the length prefix
     * @param timeout how long the whole exchange may take
     * @param reply told exactly once, unless cancelled first
     * @return a handle that closes the connection without telling {@code reply}
     */
    Cancellable tcpExchange(InetSocketAddress server, byte[] query, Duration timeout, TcpReply reply);

    /** One open UDP socket. */
    interface UdpSocket {
        /** @return the local port */
        int port();

        /**
         * Sends one datagram; when the socket buffer is full the datagram is dropped (the retry timer
         * covers it).
         *
         * @param packet the datagram, from position to limit
         * @param to the destination
         * @return false if the kernel had no room for it
         * @throws IOException if the send fails
         */
        boolean send(ByteBuffer packet, InetSocketAddress to) throws IOException;

        /** Closes the socket; idempotent. */
        void close();
    }

    /** Receives the datagrams of one UDP socket. */
    @FunctionalInterface
    interface DatagramSink {
        /**
         * @param from the sender
         * @param data the datagram, from position to limit; valid only during the call
         */
        void received(InetSocketAddress from, ByteBuffer data);
    }

    /** The end of a TCP exchange. */
    interface TcpReply {
        /** @param reply the reply message, without the length prefix */
        void completed(byte[] reply);

        /** @param cause why no reply came, e.g. {@code "connection refused"} */
        void failed(String cause);
    }
}
