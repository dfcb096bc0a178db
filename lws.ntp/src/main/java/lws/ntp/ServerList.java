package lws.ntp;

import lws.app.api.NetworkInfo;
import lws.system.HostPort;
import lws.system.Owned;
import lws.system.SystemContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the servers come from, in order of precedence: {@code ntp.servers} (names resolved through the
 * system resolver, i.e. our DNS helper; literals used as they are), else the NTP servers of the DHCP
 * lease (option 42, from {@link lws.system.NetworkState}, followed as leases change), else none. The
 * first list is published once every configured name has resolved or failed once, so that the client's
 * first selection sees every server that can be had; a name that fails is retried every
 * {@value #RETRY_SECONDS} s. Loop thread only.
 */
final class ServerList {
    private static final Logger log = LoggerFactory.getLogger(ServerList.class);
    static final int NTP_PORT = 123;
    static final long RETRY_SECONDS = 30;

    private final SystemContext system;
    private final Consumer<List<ServerAddress>> sink;
    private final List<HostPort> configured;
    private final ServerAddress[] resolved;
    private final boolean[] attempted;
    private boolean stopped;
    private String source = "none";

    /**
     * @param system the system context
     * @param configured the servers of {@code ntp.servers} (empty: follow DHCP)
     * @param sink told of every new server list
     */
    ServerList(SystemContext system, List<HostPort> configured, Consumer<List<ServerAddress>> sink) {
        this.system = system;
        this.sink = sink;
        this.configured = List.copyOf(configured);
        this.resolved = new ServerAddress[configured.size()];
        this.attempted = new boolean[configured.size()];
    }

    /** Starts resolving the configured servers, or following DHCP. */
    void start() {
        if (!configured.isEmpty()) {
            source = "config";
            for (int i = 0; i < configured.size(); i++) {
                resolve(i);
            }
            return;
        }
        source = "dhcp";
        system.network().subscribe(this::fromNetwork);
        fromNetwork(system.network().current());
    }

    /** Stops retries and ignores late resolutions and later network changes. */
    void stop() {
        stopped = true;
    }

    /** @return "config", "dhcp" or "none" (before start) */
    String source() {
        return source;
    }

    private void fromNetwork(NetworkInfo info) {
        if (stopped) {
            return;
        }
        List<ServerAddress> servers = new ArrayList<>();
        for (InetAddress address : info.ntpServers()) {
            servers.add(new ServerAddress("dhcp " + new HostPort(address.getHostAddress(), NTP_PORT),
                    new InetSocketAddress(address, NTP_PORT)));
        }
        log.info("ntp servers from {}: {}", info.source(), servers.stream().map(ServerAddress::label).toList());
        sink.accept(servers);
    }

    private void resolve(int index) {
        HostPort hp = configured.get(index);
        InetAddress literal = literal(hp.host());
        if (literal != null) {
            found(index, literal);
            return;
        }
        system.resolver().resolve(hp.host()).whenCompleteAsync((addresses, failure) -> {
            if (stopped) {
                return;
            }
            if (failure == null) {
                found(index, addresses.getFirst());
            } else {
                log.warn("ntp server {}: cannot resolve ({}); retrying in {} s", hp, failure.getMessage(), RETRY_SECONDS);
                attempted[index] = true;
                publish();
                system.events().publish("ntp", "resolve-failed", hp + ": " + failure.getMessage());
                system.loop().schedule(Duration.ofSeconds(RETRY_SECONDS), Owned.task("ntp", () -> {
                    if (!stopped) {
                        resolve(index);
                    }
                }));
            }
        }, system.loop());
    }

    private void found(int index, InetAddress address) {
        resolved[index] = new ServerAddress(configured.get(index).toString(),
                new InetSocketAddress(address, configured.get(index).port()));
        attempted[index] = true;
        publish();
    }

    private void publish() {
        for (boolean a : attempted) {
            if (!a) {
                return;
            }
        }
        List<ServerAddress> servers = new ArrayList<>();
        for (ServerAddress s : resolved) {
            if (s != null) {
                servers.add(s);
            }
        }
        sink.accept(servers);
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(Objects.requireNonNull(host));
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }
}
