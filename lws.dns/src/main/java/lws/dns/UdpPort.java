package lws.dns;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One UDP socket of a {@link UdpPool} and the tries waiting on it, by query id. A port carries a bounded
 * number of queries; then it is retired (no new queries) and closed once its last try is released, so
 * source ports keep changing. Loop thread only.
 */
final class UdpPort {
    final DnsNetwork.UdpSocket socket;
    private final Set<UdpPort> open;
    private final Map<Integer, Try> waiting = new HashMap<>();
    private int uses;
    private boolean retired;

    /**
     * @param socket the socket
     * @param open the set of open ports this port belongs to until its socket is closed
     */
    UdpPort(DnsNetwork.UdpSocket socket, Set<UdpPort> open) {
        this.socket = socket;
        this.open = open;
        open.add(this);
    }

    /**
     * @param id a query id
     * @return true if no try on this port uses {@code id}
     */
    boolean idFree(int id) {
        return !waiting.containsKey(id);
    }

    /** Registers {@code t} under its id and counts one use. */
    void add(Try t) {
        waiting.put(t.id, t);
        uses++;
    }

    /**
     * @param id the id of a reply
     * @return the try waiting for it, or null
     */
    Try waiting(int id) {
        return waiting.get(id);
    }

    /** Forgets {@code t}; closes the socket if the port is retired and idle. */
    void release(Try t) {
        if (waiting.remove(t.id, t) && retired && waiting.isEmpty()) {
            closeSocket();
        }
    }

    /** @return the number of queries sent through this port */
    int uses() {
        return uses;
    }

    /** Takes no more queries; closes the socket now if idle, else when the last try is released. */
    void retire() {
        retired = true;
        if (waiting.isEmpty()) {
            closeSocket();
        }
    }

    /** Closes the socket at once (shutdown). */
    void close() {
        retired = true;
        waiting.clear();
        closeSocket();
    }

    private void closeSocket() {
        open.remove(this);
        socket.close();
    }
}
