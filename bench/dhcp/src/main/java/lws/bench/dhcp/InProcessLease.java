package lws.bench.dhcp;

import lws.dhcp.DhcpHelper;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.SystemContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to lease inside one JVM: for each run, a fresh MAC on the interface, a new system context with the
 * DHCP helper, and the time from {@code start()} to the lease in NetworkState. Run it inside the client
 * network namespace ({@code ip netns exec NS java … lws.bench.dhcp.InProcessLease IF RUNS HOOK DIR}); prints
 * {@code inproc_ms <run> <ms>} per run, after one run that warms the JVM up ({@code inproc_warmup_ms <ms>}:
 * a full lease too, but its time is mostly class loading and linking, which the process figure measures).
 */
public final class InProcessLease {
    private InProcessLease() {
    }

    /**
     * @param args interface, runs, hook script, lease directory
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String iface = args[0];
        int runs = Integer.parseInt(args[1]);
        String hook = args[2];
        Path leaseDir = Path.of(args[3]);
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(DhcpHelper.KEYS);
        System.out.printf("inproc_warmup_ms %.1f%n", leaseOnce(iface, keys, hook, leaseDir, 0));
        for (int run = 1; run <= runs; run++) {
            System.out.printf("inproc_ms %d %.1f%n", run, leaseOnce(iface, keys, hook, leaseDir, run));
        }
    }

    /** One fresh lease in a new system context; returns the milliseconds from start() to the lease. */
    private static double leaseOnce(String iface, List<ConfigKey> keys, String hook, Path leaseDir, int run)
            throws IOException, InterruptedException {
        freshInterface(iface, leaseDir);
        Config config = Config.of(keys, List.of(), Map.of("dhcp.interface", iface, "dhcp.lease-dir", leaseDir.toString(),
                "dhcp.script", hook));
        DhcpHelper helper = new DhcpHelper();
        CountDownLatch leased = new CountDownLatch(1);
        long t0 = System.nanoTime();
        long t1;
        try (SystemContext system = SystemContext.builder().config(config).helpers(List.of(helper)).build()) {
            system.network().subscribe(info -> {
                if (!info.addresses().isEmpty()) {
                    leased.countDown();
                }
            });
            system.start();
            if (!leased.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("run " + run + ": no lease in 120 s");
            }
            t1 = System.nanoTime();
        }
        return (t1 - t0) / 1e6;
    }

    private static void freshInterface(String iface, Path leaseDir) throws IOException, InterruptedException {
        byte[] mac = new byte[6];
        ThreadLocalRandom.current().nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02); // locally administered, unicast
        run("ip", "link", "set", "dev", iface, "address", HexFormat.ofDelimiter(":").formatHex(mac));
        run("ip", "-4", "addr", "flush", "dev", iface);
        if (Files.exists(leaseDir)) {
            try (Stream<Path> files = Files.walk(leaseDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed");
        }
    }
}
