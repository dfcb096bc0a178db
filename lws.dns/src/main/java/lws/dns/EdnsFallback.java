package lws.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Servers that refused EDNS: answered a query carrying an OPT record with FORMERR, NOTIMP or BADVERS
 * (RFC 6891 §7: a responder without EDNS support may answer FORMERR, and the requester may retry without
 * EDNS). Such a server is asked without OPT for {@link #REMEMBER} (unbound keeps its per-host EDNS
 * verdict for the same 15 minutes, {@code infra-host-ttl}), then with EDNS again, so a server that gains
 * EDNS support is used fully. At most {@value #MAX_SERVERS} servers are remembered, the least recently
 * refused forgotten first. Loop thread only.
 */
final class EdnsFallback {
    /** How long a server that refused EDNS is asked without it. */
    static final Duration REMEMBER = Duration.ofMinutes(15);
    /** Most servers remembered. */
    static final int MAX_SERVERS = 256;

    /** Server → monotonic time (ns) until which it is asked without EDNS; in order of refusal. */
    private final Map<InetSocketAddress, Long> withoutEdnsUntil = new LinkedHashMap<>();

    /**
     * @param server a server
     * @param now the monotonic clock now, in nanoseconds
     * @return false while the server is remembered as refusing EDNS
     */
    boolean useEdns(InetSocketAddress server, long now) {
        if (withoutEdnsUntil.isEmpty()) {
            return true;
        }
        Long until = withoutEdnsUntil.get(server);
        if (until == null) {
            return true;
        }
        if (now - until >= 0) {
            withoutEdnsUntil.remove(server);
            return true;
        }
        return false;
    }

    /**
     * Remembers that the server refused EDNS.
     *
     * @param server the server
     * @param now the monotonic clock now, in nanoseconds
     */
    void refused(InetSocketAddress server, long now) {
        withoutEdnsUntil.remove(server);
        withoutEdnsUntil.put(server, now + REMEMBER.toNanos());
        if (withoutEdnsUntil.size() > MAX_SERVERS) {
            withoutEdnsUntil.remove(withoutEdnsUntil.keySet().iterator().next());
        }
    }

    /**
     * @param now the monotonic clock now, in nanoseconds
     * @return the servers asked without EDNS now, in order of refusal
     */
    List<InetSocketAddress> servers(long now) {
        List<InetSocketAddress> out = new ArrayList<>();
        withoutEdnsUntil.forEach((server, until) -> {
            if (now - until < 0) {
                out.add(server);
            }
        });
        return out;
    }
}
