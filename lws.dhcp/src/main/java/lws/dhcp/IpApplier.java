package lws.dhcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The default {@link LeaseApplier}: configures the interface with {@code ip} (iproute2).
 * <ul>
 *   <li>deconfig: {@code ip -4 addr flush dev IF} (the kernel drops the routes through it too);</li>
 *   <li>bound/renew: a conflict check ({@code ip -4 -o addr show to A/32}: the address on another
 *       interface is a {@link ApplyResult.Conflict}), then {@code ip addr replace A/P broadcast B dev IF
 *       valid_lft L preferred_lft L} (the kernel itself drops the address if the lease runs out), the MTU
 *       (option 26), and the routes: option 121 when present, else a default route via the first router;</li>
 *   <li>nak, leasefail: nothing.</li>
 * </ul>
 * Runs on its own executor (calls are serialised); {@link #apply} only queues.
 */
final class IpApplier implements LeaseApplier {
    private static final Logger log = LoggerFactory.getLogger(IpApplier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String ip;
    private final Executor executor;

    /**
     * @param ip the {@code ip} command (path or name)
     * @param executor where commands run, one at a time
     */
    IpApplier(String ip, Executor executor) {
        this.ip = ip;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "ip";
    }

    @Override
    public CompletionStage<ApplyResult> apply(LeaseEvent event) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return switch (event) {
                    case LeaseEvent.Deconfig d -> run(List.of(ip, "-4", "addr", "flush", "dev", d.interfaceName()));
                    case LeaseEvent.Bound b -> configure(b.lease());
                    case LeaseEvent.Renew r -> configure(r.lease());
                    case LeaseEvent.Nak n -> ApplyResult.applied();
                    case LeaseEvent.LeaseFail f -> ApplyResult.applied();
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    private ApplyResult configure(DhcpLease lease) throws IOException {
        String dev = lease.interfaceName();
        String address = lease.address().getHostAddress();
        Commands.Result holders = Commands.run(List.of(ip, "-4", "-o", "addr", "show", "to", address + "/32"), Map.of(), TIMEOUT);
        for (String line : holders.output().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && !f[1].equals(dev)) {
                return new ApplyResult.Conflict(address + " is configured on " + f[1]);
            }
        }
        String lft = String.valueOf(Math.min(lease.leaseTime().toSeconds(), 0xfffffffeL));
        ApplyResult r = run(List.of(ip, "addr", "replace", address + "/" + lease.prefixLength(), "broadcast",
                lease.broadcast().getHostAddress(), "dev", dev, "valid_lft", lft, "preferred_lft", lft));
        if (!(r instanceof ApplyResult.Applied)) {
            return r;
        }
        if (lease.mtu() >= 68) {
            r = run(List.of(ip, "link", "set", "dev", dev, "mtu", String.valueOf(lease.mtu())));
            if (!(r instanceof ApplyResult.Applied)) {
                log.warn("dhcp {}: MTU {} not applied: {}", dev, lease.mtu(), r);
            }
        }
        for (List<String> route : routes(lease)) {
            r = run(route);
            if (!(r instanceof ApplyResult.Applied)) {
                return r;
            }
        }
        return ApplyResult.applied();
    }

    private List<List<String>> routes(DhcpLease lease) {
        String dev = lease.interfaceName();
        List<List<String>> out = new ArrayList<>();
        if (!lease.classlessRoutes().isEmpty()) {
            for (DhcpLease.Route route : lease.classlessRoutes()) {
                List<String> cmd = new ArrayList<>(List.of(ip, "route", "replace", route.destination().toString()));
                if (route.gateway().isAnyLocalAddress()) {
                    cmd.addAll(List.of("dev", dev, "scope", "link"));
                } else {
                    cmd.addAll(List.of("via", route.gateway().getHostAddress(), "dev", dev));
                }
                out.add(cmd);
            }
        } else if (!lease.routers().isEmpty()) {
            Inet4Address router = lease.routers().getFirst();
            out.add(List.of(ip, "route", "replace", "default", "via", router.getHostAddress(), "dev", dev));
        }
        return out;
    }

    private static ApplyResult run(List<String> command) throws IOException {
        Commands.Result r = Commands.run(command, Map.of(), TIMEOUT);
        log.debug("dhcp: {}", r.describe());
        return r.ok() ? ApplyResult.applied() : new ApplyResult.Failed(r.describe());
    }
}
