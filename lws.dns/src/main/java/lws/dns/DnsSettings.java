package lws.dns;

import lws.system.Config;
import lws.system.ConfigKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The DNS helper's settings, read once from the daemon configuration. Immutable.
 *
 * @param resolvConf the resolv.conf to read servers, search domains and options from
 * @param hostsFile the hosts file consulted before DNS for address lookups
 * @param search explicit search domains (empty: from DHCP, else resolv.conf)
 * @param ndots explicit ndots (empty: resolv.conf's {@code options ndots:n}, else 1)
 * @param timeout the first try's timeout; each round over the servers doubles it
 * @param attempts rounds over the server list before a query fails
 * @param cacheSize most cached questions; 0 turns the cache off
 * @param maxTtl longest time an answer is cached, whatever its TTL says
 * @param maxInFlight most queries on the wire at once; lookups beyond it fail at once
 * @param family the address families {@code resolve} asks for, and their order
 * @param udpSockets UDP sockets per address family kept open for queries
 * @param socketQueries queries a UDP socket carries before it is replaced by one on a new random port
 * @param ednsSize the EDNS0 UDP payload size advertised; 0 sends no OPT record
 * @param resolvConfPoll how often resolv.conf and the hosts file are checked for changes; zero: never
 */
record DnsSettings(Path resolvConf, Path hostsFile, List<String> search, OptionalInt ndots, Duration timeout,
        int attempts, int cacheSize, Duration maxTtl, int maxInFlight, Family family, int udpSockets,
        int socketQueries, int ednsSize, Duration resolvConfPoll) {

    /** Address families asked for by {@code resolve}. */
    enum Family {
        /** A and AAAA, IPv4 addresses first. */
        IPV4_FIRST,
        /** A and AAAA, IPv6 addresses first. */
        IPV6_FIRST,
        /** A only. */
        IPV4_ONLY,
        /** AAAA only. */
        IPV6_ONLY;

        boolean wantsV4() {
            return this != IPV6_ONLY;
        }

        boolean wantsV6() {
            return this != IPV4_ONLY;
        }

        static Family parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** The helper's configuration keys with their defaults. */
    static final List<ConfigKey> KEYS = List.of(
            ConfigKey.string("dns.resolv-conf", "/etc/resolv.conf",
                    "resolv.conf read for servers, search domains and ndots when not configured otherwise"),
            ConfigKey.string("dns.hosts-file", "/etc/hosts", "hosts file consulted before DNS for addresses (a missing file has no entries)"),
            ConfigKey.string("dns.search", "", "comma-separated search domains; empty: from DHCP, else resolv.conf"),
            ConfigKey.integer("dns.ndots", "", "dots a name needs to be tried as is first; empty: resolv.conf, else 1", 0, 15),
            ConfigKey.duration("dns.timeout", "1s", "first try's timeout; doubled each round over the servers"),
            ConfigKey.integer("dns.attempts", "3", "rounds over the server list before a query fails", 1, 10),
            ConfigKey.integer("dns.cache-size", "10000", "most cached questions (0: cache off)", 0, 10_000_000),
            ConfigKey.duration("dns.max-ttl", "1h", "longest time an answer is cached"),
            ConfigKey.integer("dns.max-inflight", "1000", "most queries on the wire at once; more fail at once", 1, 65_536),
            ConfigKey.choice("dns.family", "ipv4-first", "address families resolve() asks for, in order",
                    "ipv4-first", "ipv6-first", "ipv4-only", "ipv6-only"),
            ConfigKey.integer("dns.udp-sockets", "4", "UDP sockets per address family used for queries", 1, 1024),
            ConfigKey.integer("dns.socket-queries", "64",
                    "queries a UDP socket carries before a socket on a new random port replaces it", 1, 1_000_000),
            ConfigKey.integer("dns.edns-size", "1232", "EDNS0 UDP payload size advertised (0: no EDNS)", 0, 65_535),
            ConfigKey.duration("dns.resolv-conf-poll", "5s", "how often resolv.conf and hosts are checked for changes (0: never)"));

    DnsSettings {
        Objects.requireNonNull(resolvConf, "resolvConf");
        Objects.requireNonNull(hostsFile, "hostsFile");
        search = List.copyOf(search);
        Objects.requireNonNull(ndots, "ndots");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("dns.timeout must be positive: " + timeout);
        }
        if (attempts < 1 || maxInFlight < 1 || udpSockets < 1 || socketQueries < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("dns settings out of range");
        }
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(resolvConfPoll, "resolvConfPoll");
    }

    /**
     * @param config the validated configuration (declaring {@link #KEYS})
     * @return the settings
     */
    static DnsSettings from(Config config) {
        String ndots = config.get("dns.ndots");
        return new DnsSettings(Path.of(config.get("dns.resolv-conf")), Path.of(config.get("dns.hosts-file")),
                config.list("dns.search"),
                ndots.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(ndots.trim())),
                config.duration("dns.timeout"), (int) config.integer("dns.attempts"),
                (int) config.integer("dns.cache-size"), config.duration("dns.max-ttl"),
                (int) config.integer("dns.max-inflight"), Family.parse(config.get("dns.family")),
                (int) config.integer("dns.udp-sockets"), (int) config.integer("dns.socket-queries"),
                (int) config.integer("dns.edns-size"), config.duration("dns.resolv-conf-poll"));
    }
}
