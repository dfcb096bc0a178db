package lws.bench.ntp;

import lws.app.api.SystemState;
import lws.ntp.NtpHelper;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.SystemContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts chronyd on a random loopback port, then alternates runs of (a) a fresh system context with the
 * NTP helper under {@code time.policy=ntp}, timed from {@code start()} (loop start) to TIME_VALID, and
 * (b) {@code chronyd -Q 'server 127.0.0.1 port P iburst maxsamples 1'}, timed as a whole process, whose
 * "System clock wrong by X seconds" is its offset measurement. Prints a table and the RESULT line.
 *
 * <p>Usage: {@code NtpBench [runs]} (default 15). Only loopback traffic.
 */
public final class NtpBench {
    private static final Pattern WRONG_BY = Pattern.compile("System clock wrong by (-?[0-9.]+) seconds");

    private NtpBench() {
    }

    /**
     * @param args optional run count
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createTempDirectory("lws-bench-ntp-");
        int port = freeUdpPort();
        Process chrony = startChrony(dir, port);
        try {
            Thread.sleep(1000);
            List<Double> lwsMs = new ArrayList<>();
            List<Double> lwsOffset = new ArrayList<>();
            List<Double> lwsDelay = new ArrayList<>();
            List<Double> chronyMs = new ArrayList<>();
            List<Double> chronyOffset = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%-4s %14s %12s %11s %14s %15s%n", "run", "lwsd_ms", "offset_ms", "delay_ms",
                    "chronyd_q_ms", "chrony_off_ms");
            for (int i = 0; i < runs; i++) {
                double[] lws = runLwsd(port);
                double[] q = runChronydQ(port);
                lwsMs.add(lws[0]);
                lwsOffset.add(lws[1]);
                lwsDelay.add(lws[2]);
                chronyMs.add(q[0]);
                chronyOffset.add(q[1]);
                System.out.printf(Locale.ROOT, "%-4d %14.3f %12.3f %11.3f %14.3f %15.3f%n", i + 1, lws[0], lws[1], lws[2], q[0], q[1]);
            }
            double lws = median(lwsMs);
            double q = median(chronyMs);
            double offsetDiff = Math.abs(median(lwsOffset) - median(chronyOffset));
            System.out.printf(Locale.ROOT, "median: lwsd %.3f ms (first, cold JVM: %.3f ms), chronyd -Q %.3f ms; "
                    + "offset lwsd %.3f ms vs chronyd -Q %.3f ms; lwsd delay %.3f ms%n",
                    lws, lwsMs.getFirst(), q, median(lwsOffset), median(chronyOffset), median(lwsDelay));
            System.out.printf(Locale.ROOT, "RESULT ms_to_time_valid=%.3f chronyd_q_ms=%.3f vs_chronyd=%.3f offset_diff_ms=%.3f%n",
                    lws, q, lws / q, offsetDiff);
        } finally {
            chrony.destroy();
            chrony.waitFor(5, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double[] runLwsd(int port) throws Exception {
        NtpHelper helper = new NtpHelper();
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(helper.configKeys());
        Config config = Config.of(keys, List.of(), Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1:" + port));
        try (SystemContext system = SystemContext.builder().config(config).helpers(List.of(helper)).build()) {
            CountDownLatch valid = new CountDownLatch(1);
            long[] at = new long[1];
            system.attach("bench", SystemState.TIME_VALID, () -> {
                at[0] = System.nanoTime();
                valid.countDown();
            });
            long start = System.nanoTime();
            system.start();
            if (!valid.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("TIME_VALID not reached in 10 s: " + system.state());
            }
            Map<String, Object> status = system.loop().submit(helper::status).get(5, TimeUnit.SECONDS);
            return new double[] {(at[0] - start) / 1e6, ((Number) status.get("offset_ms")).doubleValue(),
                    ((Number) status.get("delay_ms")).doubleValue()};
        }
    }

    private static double[] runChronydQ(int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chronyd", "-Q", "-f", "/dev/null"));
        if (isRoot()) {
            cmd.addAll(List.of("-u", "root"));
        }
        cmd.add("server 127.0.0.1 port " + port + " iburst maxsamples 1");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("chronyd -Q failed: " + out);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        Matcher m = WRONG_BY.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("chronyd -Q printed no measurement: " + out);
        }
        // "wrong by X" is how far the host clock is off: the correction to add is -X.
        return new double[] {ms, -Double.parseDouble(m.group(1)) * 1e3};
    }

    private static Process startChrony(Path dir, int port) throws IOException {
        Path conf = Files.writeString(dir.resolve("chrony.conf"), String.join("\n", "port " + port,
                "bindaddress 127.0.0.1", "allow 127.0.0.1", "local stratum 8", "cmdport 0", "bindcmdaddress /",
                "pidfile " + dir.resolve("chrony.pid"), "driftfile " + dir.resolve("chrony.drift")) + "\n");
        List<String> cmd = new ArrayList<>(List.of("chronyd", "-d", "-x", "-f", conf.toString()));
        cmd.addAll(isRoot() ? List.of("-u", "root") : List.of("-U"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chrony.log").toFile()).start();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
