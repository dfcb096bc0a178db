package lws.ntp;

import lws.app.api.Hold;
import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.Metrics;
import lws.system.SystemContext;
import lws.system.SystemHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The "ntp" system helper: runs the {@link NtpClient} on the system loop, gates
 * {@link SystemState#TIME_VALID} and provides the system time source.
 *
 * <p>Under {@code time.policy=ntp} it holds TIME_VALID (owner "ntp") until the client has a validated
 * selection; under {@code time.policy=host} the system passes TIME_VALID on the host clock and this
 * helper still polls the servers, reports their view and corrects {@code AppContext.time()}. After each
 * burst with a sample the {@link ClockSetter} acts on the system offset (default: report only).
 *
 * <p>Every method runs on the system loop thread, as {@link SystemHelper} requires.
 */
public final class NtpHelper implements SystemHelper {
    private static final Logger log = LoggerFactory.getLogger(NtpHelper.class);

    private final NtpTransport.Factory transports;
    private final ClockSetter clockSetterOverride;
    private final RandomGenerator random;

    private SystemContext system;
    private NtpSettings settings;
    private boolean ntpPolicy;
    private NtpClient client;
    private NtpTransport transport;
    private ServerList servers;
    private NtpTimeSource time;
    private ClockSetter clockSetter;
    private Hold hold;
    private ClockSetter.Adjustment lastAdjustment = ClockSetter.Adjustment.NONE;
    private String clockError = "";
    private String selectedPeer = "";
    private final Map<String, Boolean> reachable = new HashMap<>();

    /** Creates the helper as {@link java.util.ServiceLoader} does: UDP transport, clock setter from config. */
    public NtpHelper() {
        this(UdpTransport::open, null, new SecureRandom());
    }

    /**
     * @param transports opens the transport at start (tests pass a fake)
     * @param clockSetter the setter to use, or null to choose from {@code ntp.set-clock}
     * @param random the source of nonce bits
     */
    NtpHelper(NtpTransport.Factory transports, ClockSetter clockSetter, RandomGenerator random) {
        this.transports = Objects.requireNonNull(transports, "transports");
        this.clockSetterOverride = clockSetter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates the helper with a replacement clock setter (an embedding that disciplines the clock its own
     * way, or a test).
     *
     * @param clockSetter what to do with each system offset
     * @return the helper, with the UDP transport
     */
    public static NtpHelper withClockSetter(ClockSetter clockSetter) {
        return new NtpHelper(UdpTransport::open, Objects.requireNonNull(clockSetter, "clockSetter"), new SecureRandom());
    }

    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return NtpSettings.KEYS;
    }

    @Override
    public void start(SystemContext system) throws Exception {
        this.system = system;
        this.settings = NtpSettings.from(system.config());
        this.ntpPolicy = system.config().get("time.policy").equals("ntp");
        this.clockSetter = clockSetterOverride != null ? clockSetterOverride
                : settings.setClock() == NtpSettings.ClockMode.OFF ? ClockSetter.reportOnly() : new OsClockSetter(settings.setClock());
        this.time = new NtpTimeSource(system.wallClock(), system.loop().clock(), !ntpPolicy);
        system.provideTime(time);
        if (ntpPolicy) {
            hold = system.hold(SystemState.TIME_VALID, "ntp");
        }
        client = new NtpClient(system.loop(), system.wallClock(), settings, random, this::onUpdate);
        transport = transports.open(system.loop(), client::onDatagram);
        client.start(transport);
        servers = new ServerList(system, system.config().servers("ntp.servers", ServerList.NTP_PORT), this::onServers);
        servers.start();
    }

    /**
     * Applies a reloaded {@code ntp.servers} live: the server list is rebuilt from it (from DHCP when it
     * became empty), and the client keeps the peers that stay (their samples and poll intervals) and drops
     * the others. The NTP helper's own keys need a restart. Loop thread.
     */
    @Override
    public Set<String> reconfigure(Config previous, Config current) {
        Set<String> unapplied = SystemHelper.super.reconfigure(previous, current);
        if (!previous.get("ntp.servers").equals(current.get("ntp.servers"))) {
            servers.stop();
            servers = new ServerList(system, current.servers("ntp.servers", ServerList.NTP_PORT), this::onServers);
            servers.start();
            log.info("ntp.servers reloaded: {}", current.get("ntp.servers").isEmpty() ? "servers from DHCP" : current.get("ntp.servers"));
        }
        return unapplied;
    }

    private void onServers(List<ServerAddress> list) {
        if (list.isEmpty()) {
            log.warn("no NTP servers (ntp.servers empty, none from DHCP){}",
                    ntpPolicy ? ": TIME_VALID stays held until servers are known" : "");
        }
        system.events().publish("ntp", "servers", list.stream().map(ServerAddress::label).toList().toString());
        client.setServers(list);
    }

    private void onUpdate(NtpClient c, NtpClient.Cause cause) {
        reportReachability(c);
        Optional<Selection.Result> selection = c.selection();
        if (selection.isEmpty() || !c.timeReady()) {
            return;
        }
        Selection.Result result = selection.get();
        Peer systemPeer = c.systemPeer().orElseThrow();
        if (cause == NtpClient.Cause.SAMPLE || cause == NtpClient.Cause.BURST_END || time.current() == null) {
            time.anchor(systemPeer.selected, result.offsetNanos(), systemPeer.server.label());
        }
        if (!selectedPeer.equals(systemPeer.server.label())) {
            selectedPeer = systemPeer.server.label();
            system.events().publish("ntp", "selected", selectedPeer + " offset " + Millis.format(result.offsetNanos()) + " ms");
        }
        if (hold != null) {
            hold.release();
            hold = null;
            log.info("TIME_VALID: ntp {} offset {} ms delay {} ms stratum {}", selectedPeer, Millis.format(result.offsetNanos()),
                    Millis.format(systemPeer.selected.delayNanos()), systemPeer.selected.stratum());
            system.events().publish("ntp", "time-valid", "ntp " + selectedPeer + " offset " + Millis.format(result.offsetNanos()) + " ms");
        }
        if (cause == NtpClient.Cause.BURST_END) {
            applyClock(c, result.offsetNanos());
        }
    }

    private void applyClock(NtpClient c, long offsetNanos) {
        try {
            lastAdjustment = clockSetter.adjust(Duration.ofNanos(offsetNanos));
            clockError = "";
        } catch (ClockSetter.ClockException e) {
            if (!e.getMessage().equals(clockError)) {
                log.error("ntp: cannot set the host clock: {}", e.getMessage());
                system.events().publish("ntp", "clock-error", e.getMessage());
            }
            clockError = e.getMessage();
            return;
        }
        if (lastAdjustment.kind() == ClockSetter.Adjustment.Kind.STEPPED) {
            c.clockStepped(lastAdjustment.amount().toNanos());
            system.events().publish("ntp", "clock-stepped", Millis.format(lastAdjustment.amount().toNanos()) + " ms");
        }
    }

    private void reportReachability(NtpClient c) {
        for (Peer peer : c.peers()) {
            boolean now = peer.reachable();
            Boolean before = reachable.put(peer.server.label(), now);
            if (before != null && before != now) {
                log.info("ntp {} {}", peer.server.label(), now ? "reachable" : "unreachable");
                system.events().publish("ntp", now ? "reachable" : "unreachable", peer.server.label());
            }
        }
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.stop();
        }
        if (client != null) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    @Override
    public String summary() {
        if (client == null) {
            return "not started";
        }
        return NtpStatus.summary(client, time, ntpPolicy);
    }

    @Override
    public Map<String, Object> status() {
        if (client == null) {
            return Map.of("state", "not started");
        }
        return NtpStatus.status(client, time, settings, ntpPolicy, servers.source(), clockSetter.name(), lastAdjustment, clockError);
    }

    @Override
    public void metrics(Metrics metrics) {
        if (client != null) {
            NtpStatus.metrics(client, time, metrics);
        }
    }
}
