package lws.dns;

import lws.app.api.Cancellable;
import lws.app.api.NetworkInfo;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.EventLoop;
import lws.system.HostPort;
import lws.system.Metrics;
import lws.system.Owned;
import lws.system.SystemContext;
import lws.system.SystemHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The DNS helper: starts the resolver on the system loop and installs it as the system resolver.
 *
 * <p>Servers come from {@code dns.servers} when set, else from the DNS servers in the network snapshot
 * (DHCP), else from resolv.conf; search domains and ndots likewise ({@code dns.search}/{@code dns.ndots},
 * then DHCP, then resolv.conf). The network snapshot is followed as it changes, and resolv.conf and the
 * hosts file are re-read when they change ({@code dns.resolv-conf-poll}); a change of servers empties
 * the cache and is published as a {@code dns servers} event.
 *
 * <p>Threading: every method on the system loop, as the {@link SystemHelper} contract says. Create it
 * with the public constructor (the {@link java.util.ServiceLoader} does).
 */
public final class DnsHelper implements SystemHelper {
    private static final Logger log = LoggerFactory.getLogger(DnsHelper.class);

    private final Function<EventLoop, DnsNetwork> networkFactory;
    private SystemContext system;
    private DnsSettings settings;
    private List<InetSocketAddress> configured;
    private WatchedFile<ResolvConf> resolvConf;
    private WatchedFile<HostsFile> hostsFile;
    private DnsCounters counters;
    private QueryEngine engine;
    private DnsResolver resolver;
    private Cancellable poll;

    /** Creates the helper; it does nothing until {@link #start}. */
    public DnsHelper() {
        this(LoopNetwork::new);
    }

    DnsHelper(Function<EventLoop, DnsNetwork> networkFactory) {
        this.networkFactory = networkFactory;
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return DnsSettings.KEYS;
    }

    /**
     * Reads the configuration and the files, installs the resolver. Loop thread.
     *
     * @param system the system context
     * @throws IllegalArgumentException if {@code dns.servers} names something other than an IP address
     */
    @Override
    public void start(SystemContext system) {
        this.system = system;
        this.settings = DnsSettings.from(system.config());
        this.configured = literals(system.config().servers("dns.servers", 53));
        EventLoop loop = system.loop();
        counters = new DnsCounters();
        engine = new QueryEngine(loop, networkFactory.apply(loop), settings, counters);
        resolvConf = new WatchedFile<>(settings.resolvConf(), ResolvConf::parse, ResolvConf.EMPTY);
        hostsFile = new WatchedFile<>(settings.hostsFile(), HostsFile::parse, HostsFile.EMPTY);
        resolvConf.poll();
        hostsFile.poll();
        resolver = new DnsResolver(loop, engine, new DnsCache(settings.cacheSize()), counters, choose());
        resolver.hosts(hostsFile.value());
        system.network().subscribe(info -> refresh("network " + info.source()));
        if (!settings.resolvConfPoll().isZero()) {
            schedulePoll();
        }
        system.provideResolver(resolver);
        log.info("dns: {}", summary());
        system.events().publish("dns", "servers", summary());
    }

    /**
     * Applies a reloaded {@code dns.servers} at once (the cache is flushed as for any server change);
     * the other DNS keys need a restart. Loop thread.
     */
    @Override
    public Set<String> reconfigure(Config previous, Config current) {
        Set<String> unapplied = SystemHelper.super.reconfigure(previous, current);
        if (!previous.get("dns.servers").equals(current.get("dns.servers"))) {
            try {
                configured = literals(current.servers("dns.servers", 53));
                refresh("dns.servers reloaded");
            } catch (IllegalArgumentException e) {
                log.error("dns: reloaded dns.servers refused, keeping the previous servers: {}", e.getMessage());
                unapplied.add("dns.servers");
            }
        }
        return unapplied;
    }

    private static List<InetSocketAddress> literals(List<HostPort> servers) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (HostPort hp : servers) {
            InetAddress address = ResolvConf.literal(hp.host()).orElseThrow(() -> new IllegalArgumentException(
                    "dns.servers: '" + hp.host() + "' is not an IP address (a DNS server cannot be found by name)"));
            out.add(new InetSocketAddress(address, hp.port()));
        }
        return out;
    }

    private ServerList choose() {
        NetworkInfo network = system.network().current();
        ResolvConf file = resolvConf.value();
        List<InetSocketAddress> servers;
        String source;
        if (!configured.isEmpty()) {
            servers = configured;
            source = "dns.servers";
        } else if (!network.dnsServers().isEmpty()) {
            servers = network.dnsServers().stream().map(a -> new InetSocketAddress(a, 53)).toList();
            source = network.source();
        } else {
            servers = file.servers();
            source = resolvConf.path().toString();
        }
        List<String> search = !settings.search().isEmpty() ? settings.search()
                : !network.searchDomains().isEmpty() ? network.searchDomains() : file.search();
        int ndots = settings.ndots().orElse(file.ndots().orElse(1));
        return new ServerList(servers, search.stream().map(Names::key).toList(), ndots, source);
    }

    private void refresh(String why) {
        if (resolver.servers(choose())) {
            log.info("dns: {} after {}", summary(), why);
            system.events().publish("dns", "servers", summary() + " (after " + why + ")");
        }
    }

    private void schedulePoll() {
        poll = system.loop().schedule(settings.resolvConfPoll(), Owned.task("dns", () -> {
            if (resolvConf.poll()) {
                refresh(resolvConf.path() + " changed");
            }
            if (hostsFile.poll()) {
                resolver.hosts(hostsFile.value());
                system.events().publish("dns", "hosts", hostsFile.path() + ": " + hostsFile.value().size() + " names");
            }
            schedulePoll();
        }));
    }

    /** Fails the lookups in flight with "resolver stopped" and closes the sockets. Loop thread. */
    @Override
    public void stop() {
        if (poll != null) {
            poll.cancel();
        }
        if (engine != null) {
            engine.close("resolver stopped");
        }
    }

    /** @return e.g. {@code "1 server from dns.servers (127.0.0.1:5354), 12 cached, 0 in flight"}; loop thread */
    @Override
    public String summary() {
        if (resolver == null) {
            return "not started";
        }
        ServerList s = resolver.servers();
        int n = s.servers().size();
        return n + (n == 1 ? " server" : " servers") + " from " + s.source() + " ("
                + String.join(", ", resolver.describeServers()) + "), "
                + resolver.cache.size() + " cached, " + engine.inFlight() + " in flight";
    }

    /** @return servers, search rules, cache, in-flight and counters for {@code lwsctl dns}; loop thread */
    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (resolver == null) {
            m.put("state", "not started");
            return m;
        }
        ServerList s = resolver.servers();
        m.put("servers", resolver.describeServers());
        m.put("source", s.source());
        m.put("search", s.search());
        m.put("ndots", s.ndots());
        m.put("resolv_conf", resolvConf.path().toString());
        m.put("hosts_file", hostsFile.path().toString());
        m.put("hosts_names", hostsFile.value().size());
        m.put("family", settings.family().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("timeout_ms", settings.timeout().toMillis());
        m.put("attempts", settings.attempts());
        m.put("cache_entries", resolver.cache.size());
        m.put("cache_capacity", settings.cacheSize());
        m.put("in_flight", engine.inFlight());
        m.put("max_in_flight", settings.maxInFlight());
        m.put("udp_sockets", engine.openSockets());
        m.put("servers_without_edns", engine.edns.servers(engine.now()).stream().map(QueryEngine::text).toList());
        m.put("counters", counters.asMap());
        return m;
    }

    /** Writes the counters and gauges ({@code lws_dns_*}); loop thread. */
    @Override
    public void metrics(Metrics metrics) {
        if (resolver == null) {
            return;
        }
        counters.write(metrics);
        metrics.gauge("lws_dns_in_flight", "queries on the wire now", engine.inFlight());
        metrics.gauge("lws_dns_cache_entries", "questions in the cache", resolver.cache.size());
        metrics.gauge("lws_dns_servers", "servers in use", resolver.servers().servers().size());
        metrics.gauge("lws_dns_udp_sockets", "UDP sockets open", engine.openSockets());
    }
}
