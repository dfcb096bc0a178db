package lws.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The servers and search rules in force, and where they came from. Immutable.
 *
 * @param servers the servers, in the order to ask them
 * @param search the search domains, without trailing dots
 * @param ndots dots a name needs to be tried as is before the search domains
 * @param source where the servers came from: {@code "dns.servers"}, {@code "dhcp …"} or the resolv.conf path
 */
record ServerList(List<InetSocketAddress> servers, List<String> search, int ndots, String source) {
    /** Copies the lists and checks for nulls. */
    public ServerList {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
        Objects.requireNonNull(source, "source");
    }
}
