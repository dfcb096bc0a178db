package lws.dhcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * A {@link LeaseApplier} that runs a udhcpc-compatible script ({@code dhcp.script}) with the event as
 * its only argument ({@code deconfig}, {@code bound}, {@code renew}, {@code nak}, {@code leasefail}) and
 * udhcpc's environment variables: {@code interface ip mask subnet router dns domain hostname ntpsrv lease
 * serverid broadcast mtu}, plus {@code search} (option 119), {@code staticroutes} (option 121, as
 * udhcpc: {@code dest/width gateway} pairs) and, for nak, {@code message}. A non-zero exit is a
 * {@link ApplyResult.Failed}. Existing appliance scripts keep working.
 * Runs on its own executor (calls are serialised); {@link #apply} only queues.
 */
final class ScriptApplier implements LeaseApplier {
    private static final Logger log = LoggerFactory.getLogger(ScriptApplier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String script;
    private final Executor executor;

    /**
     * @param script the script path
     * @param executor where the script runs, one call at a time
     */
    ScriptApplier(String script, Executor executor) {
        this.script = script;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "script";
    }

    @Override
    public CompletionStage<ApplyResult> apply(LeaseEvent event) {
        Map<String, String> env = environment(event);
        return CompletableFuture.supplyAsync(() -> {
            try {
                Commands.Result r = Commands.run(List.of(script, event.name()), env, TIMEOUT);
                if (!r.output().isBlank()) {
                    log.info("dhcp script {} {}: {}", script, event.name(), r.output().strip());
                }
                return r.ok() ? ApplyResult.applied() : new ApplyResult.Failed(r.describe());
            } catch (IOException e) {
                return new ApplyResult.Failed(script + ": " + e.getMessage());
            }
        }, executor);
    }

    /**
     * @param event an event
     * @return the variables the script sees for it
     */
    static Map<String, String> environment(LeaseEvent event) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("interface", event.interfaceName());
        DhcpLease lease = switch (event) {
            case LeaseEvent.Bound b -> b.lease();
            case LeaseEvent.Renew r -> r.lease();
            case LeaseEvent.Nak n -> {
                env.put("message", n.message());
                yield null;
            }
            default -> null;
        };
        if (lease == null) {
            return env;
        }
        env.put("ip", lease.address().getHostAddress());
        env.put("mask", String.valueOf(lease.prefixLength()));
        env.put("subnet", lease.netmask());
        env.put("broadcast", lease.broadcast().getHostAddress());
        env.put("lease", String.valueOf(lease.leaseTime().toSeconds()));
        env.put("serverid", lease.serverId().getHostAddress());
        putList(env, "router", lease.routers());
        putList(env, "dns", lease.dnsServers());
        putList(env, "ntpsrv", lease.ntpServers());
        putIf(env, "domain", lease.domain());
        putIf(env, "hostname", lease.hostname());
        putIf(env, "search", String.join(" ", lease.searchDomains()));
        putIf(env, "staticroutes", lease.classlessRoutes().stream()
                .map(r -> r.destination() + " " + r.gateway().getHostAddress()).collect(Collectors.joining(" ")));
        if (lease.mtu() > 0) {
            env.put("mtu", String.valueOf(lease.mtu()));
        }
        return env;
    }

    private static void putList(Map<String, String> env, String key, List<? extends InetAddress> list) {
        putIf(env, key, list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(" ")));
    }

    private static void putIf(Map<String, String> env, String key, String value) {
        if (!value.isEmpty()) {
            env.put(key, value);
        }
    }
}
