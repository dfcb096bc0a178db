package lws.dhcp;

import lws.app.api.Hold;
import lws.app.api.NetworkInfo;
import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.EventLoop;
import lws.system.Metrics;
import lws.system.Owned;
import lws.system.SystemContext;
import lws.system.SystemHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The "dhcp" system helper: a DHCPv4 client ({@link DhcpClient}) on {@code dhcp.interface} that holds
 * the system in front of {@link SystemState#DHCP} until a lease is bound, publishes each lease to
 * {@link SystemContext#network()} (so the DNS and NTP helpers take their servers from it) and to the
 * event stream, persists it under {@code dhcp.lease-dir} and applies it through a {@link LeaseApplier}.
 * With {@code dhcp.interface} unset it does nothing.
 *
 * <p>Threading: every method on the system loop, except {@link #renew()} (any thread).
 */
public final class DhcpHelper implements SystemHelper {
    private static final Logger log = LoggerFactory.getLogger(DhcpHelper.class);

    /** This helper's configuration keys. */
    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.string("dhcp.lease-dir", "/var/lib/lwsd/dhcp", "directory of persisted leases (<interface>.lease), for INIT-REBOOT after a restart"),
            ConfigKey.bool("dhcp.release-on-stop", "false", "send DHCPRELEASE and deconfigure the interface when lwsd stops"),
            new ConfigKey("dhcp.applier", "", "how leases are applied: ip (iproute2), script (dhcp.script), none, or the name of a LeaseApplier provider; empty: script when dhcp.script is set, else ip",
                    "ip | script | none | a provider name", v -> v.matches("[A-Za-z0-9._-]+")),
            ConfigKey.string("dhcp.script", "", "udhcpc-compatible script run with deconfig/bound/renew/nak/leasefail"),
            new ConfigKey("dhcp.client-id", "", "client identifier (option 61) in hex, type byte first (e.g. 01:aa:bb:cc:dd:ee:ff); empty: 01 + MAC",
                    "2 to 255 bytes of hex, optionally separated by ':'", DhcpHelper::validClientId),
            ConfigKey.string("dhcp.hostname", "", "host name sent in option 12; empty: none"),
            ConfigKey.bool("dhcp.rapid-commit", "true", "ask for rapid commit (option 80): a two-message exchange when the server allows it"));

    /** Opens the transport of an interface; the tests replace it. */
    interface TransportFactory {
        Transport open(EventLoop loop, String interfaceName, Transport.Receiver receiver) throws IOException;
    }

    /** Reads an interface's MAC; the tests replace it. */
    interface MacSource {
        byte[] mac(String interfaceName) throws IOException;
    }

    private final TransportFactory transports;
    private final MacSource macs;
    /** Set once in {@link #start}; volatile because {@link #renew()} may come from any thread. */
    private volatile SystemContext system;
    private DhcpClient client;
    private Transport transport;
    private ExecutorService blocking;
    private Hold hold;
    private String interfaceName = "";

    /**
     * Creates the helper with the Linux transport (ServiceLoader uses this, off the loop). It starts
     * linking the native calls in the background here: that takes tens of milliseconds on a cold JVM,
     * which then overlap with the rest of the start-up instead of delaying the first DHCPDISCOVER.
     */
    public DhcpHelper() {
        this(LinuxTransport::open, LinuxTransport::mac);
        LinuxTransport.prepare();
    }

    DhcpHelper(TransportFactory transports, MacSource macs) {
        this.transports = transports;
        this.macs = macs;
    }

    @Override
    public String name() {
        return "dhcp";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    @Override
    public void start(SystemContext system) throws IOException {
        this.system = system;
        Config config = system.config();
        interfaceName = config.get("dhcp.interface");
        if (interfaceName.isEmpty()) {
            return;
        }
        hold = system.hold(SystemState.DHCP, "dhcp");
        byte[] mac = macs.mac(interfaceName);
        String id = config.get("dhcp.client-id");
        ClientConfig cc = new ClientConfig(interfaceName, mac,
                id.isEmpty() ? ClientConfig.defaultClientId(mac) : HexFormat.of().parseHex(id.replace(":", "")),
                config.get("dhcp.hostname"), config.bool("dhcp.rapid-commit"), config.bool("dhcp.release-on-stop"));
        blocking = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lws-dhcp-io").factory());
        LeaseApplier applier = applier(config, blocking);
        LeaseStore store = new LeaseStore(Path.of(config.get("dhcp.lease-dir")), interfaceName, blocking);
        EventLoop loop = system.loop();
        transport = transports.open(loop, interfaceName, (payload, port) -> client.received(payload, port));
        client = new DhcpClient(loop, cc, transport, applier, store, new Listener(), system.wallClock(), new KernelRandom());
        DhcpLease persisted = store.load().orElse(null);
        log.info("dhcp {}: starting ({}, applier {}, {})", interfaceName, cc.macText(), applier.name(),
                persisted == null ? "no persisted lease" : "INIT-REBOOT with " + persisted.address().getHostAddress());
        client.start(persisted);
    }

    private static LeaseApplier applier(Config config, ExecutorService blocking) {
        String script = config.get("dhcp.script");
        String name = config.get("dhcp.applier");
        if (name.isEmpty()) {
            name = script.isEmpty() ? "ip" : "script";
        }
        switch (name) {
            case "ip" -> {
                return new IpApplier("ip", blocking);
            }
            case "none" -> {
                return new NoApplier();
            }
            case "script" -> {
                if (script.isEmpty()) {
                    throw new IllegalArgumentException("dhcp.applier=script needs dhcp.script");
                }
                return new ScriptApplier(script, blocking);
            }
            default -> {
                String wanted = name;
                return ServiceLoader.load(LeaseApplier.class).stream().map(ServiceLoader.Provider::get)
                        .filter(a -> a.name().equals(wanted)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("dhcp.applier=" + wanted + ": no such LeaseApplier"));
            }
        }
    }

    private static boolean validClientId(String v) {
        String hex = v.replace(":", "");
        if (hex.length() < 4 || hex.length() > 510 || hex.length() % 2 != 0) {
            return false;
        }
        try {
            HexFormat.of().parseHex(hex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Forces a lease renewal now (RENEWING), like udhcpc's SIGUSR1. Any thread; no-op without a lease. */
    public void renew() {
        SystemContext s = system;
        if (s != null) {
            s.loop().execute(Owned.task("dhcp", () -> {
                if (client != null) {
                    client.renew();
                }
            }));
        }
    }

    @Override
    public void stop() {
        if (client == null) {
            return;
        }
        client.stop();
        transport.close();
        blocking.shutdown();
        try {
            // the last lease write (or deconfig) must reach the disk before the process exits: a bounded
            // wait at shutdown, the only time this helper lets the loop wait
            if (!blocking.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("dhcp {}: lease file or applier work still running at stop", interfaceName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hold != null) {
            hold.release();
        }
    }

    @Override
    public String summary() {
        if (client == null) {
            return "inactive: dhcp.interface not set";
        }
        DhcpLease lease = client.lease();
        String state = client.state().name().toLowerCase();
        return lease == null ? state + " on " + interfaceName
                : state + " " + lease.address().getHostAddress() + "/" + lease.prefixLength() + " via " + interfaceName
                        + " from " + lease.serverId().getHostAddress() + " (" + client.remaining().toSeconds() + " s left)";
    }

    @Override
    public Map<String, Object> status() {
        if (client == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", "INACTIVE");
            m.put("reason", "dhcp.interface not set");
            return m;
        }
        return client.status();
    }

    @Override
    public void metrics(Metrics metrics) {
        if (client == null) {
            return;
        }
        Counters c = client.counters();
        metrics.counter("lws_dhcp_sent_total", "DHCP messages sent", c.sent.values().stream().mapToLong(Long::longValue).sum());
        metrics.counter("lws_dhcp_received_total", "DHCP replies accepted", c.received.values().stream().mapToLong(Long::longValue).sum());
        metrics.counter("lws_dhcp_dropped_total", "received datagrams dropped (malformed, not ours, unexpected)", c.droppedTotal());
        metrics.counter("lws_dhcp_malformed_total", "received datagrams that were not well-formed DHCP replies", c.malformed);
        metrics.counter("lws_dhcp_leases_total", "leases bound", c.leases);
        metrics.counter("lws_dhcp_renewals_total", "leases renewed or rebound", c.renewals);
        metrics.counter("lws_dhcp_naks_total", "DHCPNAKs received", c.naks);
        metrics.counter("lws_dhcp_declines_total", "addresses declined", c.declines);
        metrics.counter("lws_dhcp_expiries_total", "leases expired", c.expiries);
        metrics.gauge("lws_dhcp_lease_remaining_seconds", "time left on the current lease", client.remaining().toMillis() / 1000.0);
        metrics.gauge("lws_dhcp_bound", "1 while a lease is held", client.lease() == null ? 0 : 1);
    }

    /** The client's listener: NetworkState, the hold and the event stream. */
    private final class Listener implements DhcpClient.Listener {
        @Override
        public void bound(DhcpLease lease) {
            system.network().publish(lease.toNetworkInfo());
            hold.release();
        }

        @Override
        public void lost() {
            system.network().publish(new NetworkInfo(interfaceName, List.of(), List.of(), List.of(), List.of(), List.of(),
                    "dhcp " + interfaceName + " (no lease)"));
        }

        @Override
        public void event(String kind, String message) {
            log.info("dhcp {}: {}: {}", interfaceName, kind, message);
            system.events().publish("dhcp", kind, message);
        }
    }
}
