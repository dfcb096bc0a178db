package lws.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed hosts file ({@code /etc/hosts} format: an address, then a canonical name and aliases; {@code #}
 * starts a comment). Names are matched case-insensitively, with or without a trailing dot. Lines whose
 * address is not a literal are skipped. Immutable.
 */
final class HostsFile {
    /** A hosts file with no entries. */
    static final HostsFile EMPTY = new HostsFile(Map.of());

    private final Map<String, List<InetAddress>> byName;

    private HostsFile(Map<String, List<InetAddress>> byName) {
        this.byName = byName;
    }

    /**
     * @param text the file's contents
     * @return the parsed file
     */
    static HostsFile parse(String text) {
        Map<String, List<InetAddress>> map = new HashMap<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            Optional<InetAddress> address = ResolvConf.literal(words[0]);
            if (address.isEmpty()) {
                continue;
            }
            for (int i = 1; i < words.length; i++) {
                List<InetAddress> list = map.computeIfAbsent(Names.key(words[i]), k -> new ArrayList<>());
                if (!list.contains(address.get())) {
                    list.add(address.get());
                }
            }
        }
        Map<String, List<InetAddress>> frozen = new HashMap<>();
        map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new HostsFile(frozen);
    }

    /**
     * @param key a name as returned by {@link Names#key}
     * @param family which addresses are wanted
     * @return the addresses for that name, in file order, filtered and ordered by {@code family}; empty
     *         if the name is not in the file or has no address of a wanted family
     */
    List<InetAddress> addresses(String key, DnsSettings.Family family) {
        List<InetAddress> all = byName.get(key);
        if (all == null) {
            return List.of();
        }
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (InetAddress a : all) {
            (a instanceof Inet4Address ? v4 : v6).add(a);
        }
        return Addresses.merge(family, v4, v6);
    }

    /**
     * @param key a name as returned by {@link Names#key}
     * @param ipv6 true for AAAA addresses, false for A
     * @return the addresses of that family
     */
    List<InetAddress> addresses(String key, boolean ipv6) {
        List<InetAddress> all = byName.get(key);
        if (all == null) {
            return List.of();
        }
        return all.stream().filter(a -> ipv6 == (a instanceof Inet6Address)).toList();
    }

    /** @return the number of names in the file */
    int size() {
        return byName.size();
    }
}
