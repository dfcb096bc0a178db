package lws.ntp;

import lws.system.EventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * How the client sends requests and hears replies: a UDP socket on the loop ({@link UdpTransport}) or,
 * in tests, a fake that records requests. Loop thread only.
 */
interface NtpTransport extends AutoCloseable {
    /**
     * Sends one datagram without blocking.
     *
     * @param to the server
     * @param packet the bytes
     * @throws IOException if the datagram cannot be sent (the caller treats it like a lost request)
     */
    void send(InetSocketAddress to, byte[] packet) throws IOException;

    /** Releases the socket; no more datagrams are delivered. Idempotent. */
    @Override
    void close();

    /** Receives datagrams on the loop thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param from the sender
         * @param data the datagram (only valid during the call)
         * @param length its length
         * @param monoNanos when it was read, on the loop's monotonic clock
         */
        void onDatagram(InetSocketAddress from, byte[] data, int length, long monoNanos);
    }

    /** Opens a transport bound to a loop. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param loop the system loop (already running; called on its thread)
         * @param receiver where datagrams go
         * @return the open transport
         * @throws IOException if no socket can be opened
         */
        NtpTransport open(EventLoop loop, Receiver receiver) throws IOException;
    }
}
