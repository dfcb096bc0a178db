package lws.app.api;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the helpers know of the network, as an immutable snapshot. An empty list means "not known"
 * (for example no DHCP lease on a host-managed system).
 *
 * @param interfaceName the interface lwsd manages, or "" when the host manages the interfaces
 * @param addresses the addresses lwsd configured
 * @param routers default routers
 * @param dnsServers DNS servers in the order to use them
 * @param ntpServers NTP servers in the order to use them
 * @param searchDomains DNS search domains; the first is the domain of this host
 * @param source where this information came from, e.g. {@code "dhcp lv-cli"} or {@code "host"}
 */
public record NetworkInfo(String interfaceName, List<IpPrefix> addresses, List<InetAddress> routers,
        List<InetAddress> dnsServers, List<InetAddress> ntpServers, List<String> searchDomains, String source) {

    /** Copies the lists and checks for nulls. */
    public NetworkInfo {
        Objects.requireNonNull(interfaceName, "interfaceName");
        addresses = List.copyOf(addresses);
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
        ntpServers = List.copyOf(ntpServers);
        searchDomains = List.copyOf(searchDomains);
        Objects.requireNonNull(source, "source");
    }

    /** @return the snapshot of a system whose interfaces the host manages and of which nothing is known */
    public static NetworkInfo hostManaged() {
        return new NetworkInfo("", List.of(), List.of(), List.of(), List.of(), List.of(), "host");
    }
}
