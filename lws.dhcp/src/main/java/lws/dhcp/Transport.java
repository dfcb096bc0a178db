package lws.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the client's packets reach the wire. Replies reach the client through the {@link Receiver} the
 * transport was opened with. Loop thread only.
 */
interface Transport extends AutoCloseable {
    /** Gets received UDP payloads addressed to port 68; loop thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param payload the UDP payload
         * @param sourcePort the sender's UDP port
         */
        void received(byte[] payload, int sourcePort);
    }

    /**
     * A transport may finish opening after it is returned (the Linux one waits for its native calls to
     * be linked); nothing can be sent before.
     *
     * @return completed on the loop thread once the transport can send and receive; failed (with an
     *         {@link IOException}) if it cannot be opened. This default: already open.
     */
    default CompletionStage<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Broadcasts from 0.0.0.0:68 to 255.255.255.255:67, whatever addresses the host has (INIT,
     * SELECTING, REQUESTING, INIT-REBOOT, DECLINE).
     *
     * @param payload the DHCP message
     * @throws IOException if the send fails
     */
    void broadcastUnaddressed(byte[] payload) throws IOException;

    /**
     * The client holds an address now: what only {@link #broadcastUnaddressed} needs may be released
     * until its next call (which reopens it). This default: nothing to release.
     */
    default void addressed() {
    }

    /**
     * Sends from the leased address (RENEWING unicast, REBINDING broadcast, RELEASE).
     *
     * @param payload the DHCP message
     * @param destination the server, or 255.255.255.255
     * @throws IOException if the send fails
     */
    void send(byte[] payload, Inet4Address destination) throws IOException;

    /** Releases the sockets. Idempotent. */
    @Override
    void close();
}
