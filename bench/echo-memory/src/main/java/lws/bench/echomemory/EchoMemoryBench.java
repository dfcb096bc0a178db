package lws.bench.echomemory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client side of {@code bench/echo-memory.sh}: measures the memory per connection of a running
 * {@code lwsd} serving the echo plug-in, and whether it grows across reconnect waves.
 *
 * <p>Phases, each followed by a sample of the daemon after a full GC: idle ("before"); {@code conns}
 * connections open, each having echoed one message ("open"); all closed; then {@code waves} times: open
 * {@code conns} again, sample, close all, sample. Prints one table row per sample, then the figures
 * against the field report (libwebsockets: about 200 MB for 1000 connections, growing every wave) and
 * the targets (at most 2 KB per connection, no growth), and writes the line
 * {@code RESULT conns=… kb_per_conn=… growth_pct=…} to the result file.
 *
 * <p>{@code kb_per_conn} is the daemon's VmRSS with the connections open minus before, in KiB, divided by
 * the connections; {@code growth_pct} is the VmRSS growth from after wave 1 to after the last wave (all
 * connections closed), in percent of the former.
 *
 * <p>Exit status: 0 when both targets are met, 1 when one is missed, 2 when the run failed.
 */
public final class EchoMemoryBench {
    /** Target: the daemon's resident memory per open connection, KiB. */
    static final double TARGET_KB_PER_CONN = 2.0;
    /**
     * "No growth": VmRSS after the last wave at most this many percent above after wave 1. RSS moves by a
     * few hundred KiB between identical samples (heap resizing, malloc arenas); a leak of even 16 bytes
     * per connection would add 1.4 MB over 9 waves of 10 000.
     */
    static final double TARGET_GROWTH_PCT = 1.0;
    /** Field report, libwebsockets: about 200 MB for 1000 connections. */
    static final double FIELD_KB_PER_CONN = 200.0;
    private static final Duration WAVE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A sample is taken again (after a pause) until VmRSS moves by at most {@value #SETTLED_KB} KiB
     * between two, at most {@value #SETTLE_TRIES} times: a JIT compilation running during a sample holds
     * megabytes of arena memory for a moment, which is neither per connection nor growth.
     */
    private static final int SETTLE_TRIES = 6;
    private static final long SETTLED_KB = 256;
    private static final Duration SETTLE_PAUSE = Duration.ofMillis(500);

    private final PrintStream out;
    private final Map<String, ClassHistogram> histograms = new HashMap<>();
    private final Map<String, NativeMemory> natives = new HashMap<>();
    private DaemonProbe probe;
    private boolean nmt;
    private Sample baseline;

    private EchoMemoryBench(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --pid PID --port PORT --jcmd PATH --result FILE [--conns 10000] [--waves 10]
     *        [--flags "daemon JVM flags, for the report"] [--nmt true]} ({@code --nmt true}: the daemon runs
     *        with {@code -XX:NativeMemoryTracking=summary}; print native memory per category)
     */
    public static void main(String... args) {
        int status;
        try {
            status = new EchoMemoryBench(System.out).run(options(args));
        } catch (IOException | RuntimeException e) {
            System.err.println("echo-memory: " + e.getMessage());
            e.printStackTrace(System.err);
            status = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 2;
        }
        System.exit(status);
    }

    private int run(Map<String, String> options) throws IOException, InterruptedException {
        long pid = Long.parseLong(required(options, "pid"));
        int port = Integer.parseInt(required(options, "port"));
        int conns = Integer.parseInt(options.getOrDefault("conns", "10000"));
        int waves = Integer.parseInt(options.getOrDefault("waves", "10"));
        if (conns <= 0 || waves < 2) {
            throw new IllegalArgumentException("need conns > 0 and waves >= 2, not " + conns + ", " + waves);
        }
        Path result = Path.of(required(options, "result"));
        probe = new DaemonProbe(pid, Path.of(required(options, "jcmd")));
        nmt = Boolean.parseBoolean(options.getOrDefault("nmt", "false"));
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

        out.printf(Locale.ROOT, "== daemon pid %d, echo on %s:%d, JVM flags: %s%n", pid,
                server.getAddress().getHostAddress(), port, options.getOrDefault("flags", "(not given)"));
        out.printf(Locale.ROOT, "== %d connections of %d-byte echoes, then %d connect/disconnect waves;"
                + " every sample after a full GC (jcmd GC.run)%n", conns, EchoClient.MESSAGE_BYTES, waves);
        out.printf(Locale.ROOT, "%-15s %6s %6s %3s %9s %8s %8s %8s %8s %8s %8s %6s %2s%n", "phase", "conns", "fds",
                "thr", "VmRSS KB", "dRSS KB", "Anon KB", "hRSS KB", "heap KB", "hcom KB", "trim KB", "time s", "n");

        checkpoint("started", 0, 0, false); // the first attach starts the daemon's Attach Listener thread
        Sample before = checkpoint("before", 0, 0, true);
        Sample open;
        List<Sample> openWaves = new ArrayList<>();
        List<Sample> closedWaves = new ArrayList<>();
        try (EchoClient client = new EchoClient(server)) {
            long t0 = System.nanoTime();
            client.open(conns, WAVE_TIMEOUT);
            open = checkpoint("open", client.liveConnections(), t0, true);
            t0 = System.nanoTime();
            client.closeAll(WAVE_TIMEOUT);
            checkpoint("closed", 0, t0, false);
            for (int w = 1; w <= waves; w++) {
                t0 = System.nanoTime();
                client.open(conns, WAVE_TIMEOUT);
                openWaves.add(checkpoint("wave " + w + " open", client.liveConnections(), t0, false));
                t0 = System.nanoTime();
                client.closeAll(WAVE_TIMEOUT);
                closedWaves.add(checkpoint("wave " + w + " closed", 0, t0, w == 1 || w == waves));
            }
        }
        if (open.daemonFds() - before.daemonFds() < conns) {
            throw new IOException("the daemon held only " + (open.daemonFds() - before.daemonFds())
                    + " more fds with " + conns + " connections open: not every connection reached it");
        }

        Sample first = closedWaves.getFirst();
        Sample last = closedWaves.getLast();
        double kbPerConn = (open.vmRssKb() - before.vmRssKb()) / (double) conns;
        double growthPct = percent(first.vmRssKb(), last.vmRssKb());
        out.println();
        out.printf(Locale.ROOT, "per connection (%d open vs before): VmRSS %.2f KB, RssAnon %.2f KB, heap RSS %.2f KB,"
                + " heap used %.0f bytes; daemon fds +%d%n", conns, kbPerConn,
                (open.rssAnonKb() - before.rssAnonKb()) / (double) conns,
                (open.heapRssKb() - before.heapRssKb()) / (double) conns,
                (open.heap().usedKb() - before.heap().usedKb()) * 1024.0 / conns, open.daemonFds() - before.daemonFds());
        out.printf(Locale.ROOT, "growth wave 1 -> wave %d, all closed: VmRSS %+.2f %% (%+d KB; heap RSS %+d KB),"
                + " heap used %+d KB (%+.3f bytes per connect/disconnect)%n", waves, growthPct,
                last.vmRssKb() - first.vmRssKb(), last.heapRssKb() - first.heapRssKb(),
                last.heap().usedKb() - first.heap().usedKb(),
                (last.heap().usedKb() - first.heap().usedKb()) * 1024.0 / ((long) (waves - 1) * conns));
        out.printf(Locale.ROOT, "growth wave 1 -> wave %d, %d open: VmRSS %+.2f %% (%+d KB)%n", waves, conns,
                percent(openWaves.getFirst().vmRssKb(), openWaves.getLast().vmRssKb()),
                openWaves.getLast().vmRssKb() - openWaves.getFirst().vmRssKb());
        printClassGrowth("heap per connection by class (open vs before), largest first:", "open", "before", conns);
        printClassGrowth("classes grown from wave 1 to wave " + waves + " (all closed), in all:", last.label(),
                first.label(), 1);
        if (nmt) {
            printNativeGrowth(before, open, first, last);
        }
        out.printf(Locale.ROOT, "field report (libwebsockets): ~%.0f KB per connection, growing every wave;"
                + " lwsd: %.2f KB = %.2f %% of it%n", FIELD_KB_PER_CONN, kbPerConn, 100 * kbPerConn / FIELD_KB_PER_CONN);
        boolean sizeMet = kbPerConn <= TARGET_KB_PER_CONN;
        boolean growthMet = growthPct <= TARGET_GROWTH_PCT;
        out.printf(Locale.ROOT, "target <= %.1f KB per connection: %s; no growth (<= %.1f %% RSS): %s%n",
                TARGET_KB_PER_CONN, sizeMet ? "met" : "MISSED", TARGET_GROWTH_PCT, growthMet ? "met" : "MISSED");
        String line = String.format(Locale.ROOT, "RESULT conns=%d kb_per_conn=%.2f growth_pct=%.2f",
                conns, kbPerConn, growthPct);
        Files.writeString(result, line + "\n", StandardCharsets.US_ASCII);
        return sizeMet && growthMet ? 0 : 1;
    }

    /**
     * Samples the daemon after a full GC until it has settled and prints the row; with {@code deep}, also
     * keeps its class histogram (and NMT summary when on) under the label.
     */
    private Sample checkpoint(String label, int connections, long startNanos, boolean deep)
            throws IOException, InterruptedException {
        double seconds = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
        Sample s = probe.sample(label, connections);
        int tries = 1;
        boolean settled = false;
        while (!settled && tries < SETTLE_TRIES) {
            Thread.sleep(SETTLE_PAUSE.toMillis());
            Sample next = probe.sample(label, connections);
            tries++;
            settled = Math.abs(next.vmRssKb() - s.vmRssKb()) <= SETTLED_KB;
            s = next;
        }
        long base = baseline == null ? s.vmRssKb() : baseline.vmRssKb();
        if (label.equals("before")) {
            baseline = s;
        }
        out.printf(Locale.ROOT, "%-15s %6d %6d %3d %9d %+8d %8d %8d %8d %8d %8d %6.2f %2d%n", s.label(),
                s.connections(), s.daemonFds(), s.threads(), s.vmRssKb(), s.vmRssKb() - base, s.rssAnonKb(),
                s.heapRssKb(), s.heap().usedKb(), s.heap().committedKb(), s.trimmedKb(), seconds, tries);
        if (deep) {
            histograms.put(label, probe.histogram());
            if (nmt) {
                natives.put(label, probe.nativeMemory());
            }
        }
        return s;
    }

    private void printClassGrowth(String title, String now, String then, int per) {
        ClassHistogram later = histograms.get(now);
        ClassHistogram earlier = histograms.get(then);
        out.println(title);
        List<ClassHistogram.Delta> grown = later.growthSince(earlier, 24);
        if (grown.isEmpty()) {
            out.println("  none");
        }
        for (ClassHistogram.Delta d : grown) {
            out.printf(Locale.ROOT, "  %9.1f bytes %7.2f objects  %s%n", d.bytes() / (double) per,
                    d.instances() / (double) per, d.name());
        }
        out.printf(Locale.ROOT, "  %9.1f bytes, all classes together%n",
                (later.totalBytes() - earlier.totalBytes()) / (double) per);
    }

    private void printNativeGrowth(Sample before, Sample open, Sample first, Sample last) {
        NativeMemory b = natives.get(before.label());
        NativeMemory o = natives.get(open.label());
        NativeMemory f = natives.get(first.label());
        NativeMemory l = natives.get(last.label());
        out.printf(Locale.ROOT, "native memory committed (NMT), KB: %-26s %12s %14s%n", "category",
                "open-before", "last-wave 1");
        for (String category : l.committedKb().keySet()) {
            out.printf(Locale.ROOT, "  %-60s %+12d %+14d%n", category, delta(o, b, category), delta(l, f, category));
        }
        out.printf(Locale.ROOT, "  %-60s %+12d %+14d%n", "RssAnon (for comparison)",
                open.rssAnonKb() - before.rssAnonKb(), last.rssAnonKb() - first.rssAnonKb());
    }

    private static long delta(NativeMemory later, NativeMemory earlier, String category) {
        return later.committedKb().getOrDefault(category, 0L) - earlier.committedKb().getOrDefault(category, 0L);
    }

    private static double percent(long from, long to) {
        return 100.0 * (to - from) / from;
    }

    private static Map<String, String> options(String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
