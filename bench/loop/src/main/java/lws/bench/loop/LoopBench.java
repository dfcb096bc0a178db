package lws.bench.loop;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Drives the phases of {@code bench/loop.sh}, each one JVM, all appending {@code key=value} lines to
 * one results file, and prints the table:
 * <pre>
 *   LoopBench throughput FILE     JMH {@link Throughput}, 1 and 4 producers, every system
 *   LoopBench latency FILE        {@link PingPong} forks, systems interleaved (run under taskset)
 *   LoopBench retained KIND FILE  {@link Retained} for one system (a fresh JVM each)
 *   LoopBench report FILE         the table, the ratios and the RESULT line
 * </pre>
 * JMH settings come from system properties (defaults in brackets): {@code bench.forks} [4] per system,
 * run round-robin over the systems, {@code bench.warmups} [2] and {@code bench.iterations} [3] per fork,
 * {@code bench.seconds} [1] per iteration;
 * {@code bench.pingpong.forks} [3], {@code bench.pingpong.warmup} [3] and {@code bench.pingpong.seconds} [12]
 * for the ping-pong phase; {@code bench.tasks} [4000000] and {@code bench.rounds} [3] for the retained phase.
 */
public final class LoopBench {
    private static final String[] SYSTEMS = {"lws", "lws+socket", "netty", "executor"};
    private static final int[] PRODUCERS = {1, 4};

    private LoopBench() {
    }

    /**
     * Runs one phase.
     *
     * @param args the phase and its arguments (see the class comment)
     * @throws Exception if a phase fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        switch (args[0]) {
            case "throughput" -> throughput(Path.of(args[1]));
            case "latency" -> latency(Path.of(args[1]));
            case "retained" -> {
                if (args.length < 3) {
                    usage();
                }
                retained(LoopUnderTest.Kind.of(args[1]), Path.of(args[2]));
            }
            case "report" -> System.exit(report(Path.of(args[1]), System.out));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LoopBench throughput|latency FILE | retained lws|netty|executor FILE | report FILE");
        System.exit(2);
    }

    private static ChainedOptionsBuilder jmh(Class<?> benchmark, String system, Path log) {
        int seconds = Integer.getInteger("bench.seconds", 1);
        return new OptionsBuilder()
                .include(benchmark.getName() + "\\.")
                .param("system", system)
                .forks(1)
                .warmupIterations(Integer.getInteger("bench.warmups", 2))
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.getInteger("bench.iterations", 3))
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgs("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "--sun-misc-unsafe-memory-access=allow",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString());
    }

    /**
     * Runs {@code forks} forks of {@code benchmark} per system, round-robin over the systems (one fork
     * of each, then the next round), so that a burst of load from elsewhere on the machine spreads over
     * every system instead of landing on one.
     *
     * @return per system, the result of each fork
     */
    private static Map<String, List<BenchmarkResult>> interleaved(Class<?> benchmark, String label, int threads,
            Path dir) throws RunnerException, IOException {
        int forks = Integer.getInteger("bench.forks", 4);
        Map<String, List<BenchmarkResult>> results = new LinkedHashMap<>();
        Files.createDirectories(dir);
        for (int fork = 1; fork <= forks; fork++) {
            for (String system : SYSTEMS) {
                Path log = dir.resolve(label + "-" + system + "-fork" + fork + ".log");
                RunResult run = new Runner(jmh(benchmark, system, log).threads(threads).build()).runSingle();
                results.computeIfAbsent(system, k -> new ArrayList<>()).addAll(run.getBenchmarkResults());
                System.out.printf(Locale.ROOT, "  %-6s fork %d/%d %-10s %s%n", label, fork, forks, system,
                        run.getPrimaryResult().toString());
            }
        }
        return results;
    }

    private static void throughput(Path file) throws RunnerException, IOException {
        Properties out = new Properties();
        for (int producers : PRODUCERS) {
            String label = "tput" + producers;
            System.out.printf("throughput, %d producer(s)%n", producers);
            Map<String, List<BenchmarkResult>> results = interleaved(Throughput.class, label, producers,
                    file.resolveSibling("jmh"));
            for (Map.Entry<String, List<BenchmarkResult>> e : results.entrySet()) {
                ListStatistics iterations = new ListStatistics();
                for (BenchmarkResult fork : e.getValue()) {
                    for (IterationResult iteration : fork.getIterationResults()) {
                        iterations.addValue(iteration.getPrimaryResult().getScore());
                    }
                }
                String key = label + "." + e.getKey();
                out.setProperty(key, Double.toString(iterations.getMean()));
                out.setProperty(key + ".error", Double.toString(iterations.getMeanErrorAt(0.999)));
                out.setProperty(key + ".n", Long.toString(iterations.getN()));
            }
        }
        append(file, out);
    }

    private static void latency(Path file) throws IOException, InterruptedException {
        int forks = Integer.getInteger("bench.pingpong.forks", 3);
        String warmup = Integer.getInteger("bench.pingpong.warmup", 3).toString();
        String measure = Integer.getInteger("bench.pingpong.seconds", 12).toString();
        Path dir = file.resolveSibling("pingpong");
        Files.createDirectories(dir);
        System.out.printf("ping-pong round trip: %d forks × (%s s warm-up + %s s), systems interleaved%n", forks,
                warmup, measure);
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (int fork = 1; fork <= forks; fork++) {
            Process p = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "--sun-misc-unsafe-memory-access=allow",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                    PingPong.class.getName(), Integer.toString(fork), warmup, measure, dir.toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ping-pong fork " + fork + " failed with exit code " + p.exitValue());
            }
        }
        Properties out = new Properties();
        for (String system : SYSTEMS) {
            List<int[]> perFork = new ArrayList<>();
            for (int fork = 1; fork <= forks; fork++) {
                int[] samples = readSamples(dir.resolve("pingpong-" + system + "-fork" + fork + ".bin"));
                Arrays.sort(samples);
                perFork.add(samples);
            }
            int[] pooled = perFork.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            for (double pct : new double[] {50, 99, 99.9}) {
                String key = (pct == 99.9 ? "p999" : "p" + (int) pct) + "." + system;
                double[] forkValues = perFork.stream().mapToDouble(a -> percentileMicros(a, pct)).toArray();
                out.setProperty(key, Double.toString(percentileMicros(pooled, pct)));
                out.setProperty(key + ".min", Double.toString(Arrays.stream(forkValues).min().orElseThrow()));
                out.setProperty(key + ".max", Double.toString(Arrays.stream(forkValues).max().orElseThrow()));
            }
            out.setProperty("samples." + system, Integer.toString(pooled.length));
            System.out.printf(Locale.ROOT, "  %-10s %,d round trips: p50 %.2f µs, p99 %.2f µs, p999 %.2f µs%n", system,
                    pooled.length, percentileMicros(pooled, 50), percentileMicros(pooled, 99),
                    percentileMicros(pooled, 99.9));
        }
        append(file, out);
    }

    private static int[] readSamples(Path file) throws IOException {
        java.nio.IntBuffer ints = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).asIntBuffer();
        int[] samples = new int[ints.remaining()];
        ints.get(samples);
        if (samples.length == 0) {
            throw new IllegalStateException(file + ": no samples");
        }
        return samples;
    }

    /** @return the nearest-rank percentile of sorted nanosecond samples, in microseconds */
    private static double percentileMicros(int[] sorted, double pct) {
        int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    private static void retained(LoopUnderTest.Kind kind, Path file) throws InterruptedException, IOException {
        int tasks = Integer.getInteger("bench.tasks", 4_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        double[] perTask = Retained.measure(kind, tasks, rounds);
        double mean = Arrays.stream(perTask).average().orElseThrow();
        double spread = Arrays.stream(perTask).map(v -> Math.abs(v - mean)).max().orElseThrow();
        System.out.printf("retained, %s: %.2f bytes per pending task (%d tasks, rounds %s)%n", kind.id(), mean,
                tasks, Arrays.toString(perTask));
        Properties out = new Properties();
        out.setProperty("bytes." + kind.id(), Double.toString(mean));
        out.setProperty("bytes." + kind.id() + ".error", Double.toString(spread));
        try (LoopUnderTest loop = LoopUnderTest.open(kind)) {
            out.setProperty("queue." + kind.id(), loop.describe());
        }
        append(file, out);
    }

    private static void append(Path file, Properties values) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            values.store(w, null);
        }
    }

    /**
     * Prints the table and the RESULT line.
     *
     * @return 0 when every lws target is met, 1 otherwise (the table says which)
     */
    static int report(Path file, PrintStream out) throws IOException {
        Properties r = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.load(reader);
        }
        Results results = new Results(r);
        out.println();
        out.printf("%-10s %-22s %-22s %-19s %-19s %-19s %-13s%n", "system", "tput 1 prod (Mtask/s)",
                "tput 4 prod (Mtask/s)", "p50 µs [forks]", "p99 µs [forks]", "p999 µs [forks]", "bytes/task");
        for (String s : SYSTEMS) {
            out.printf("%-10s %-22s %-22s %-19s %-19s %-19s %-13s%n", s,
                    results.mega("tput1." + s), results.mega("tput4." + s),
                    results.micros("p50." + s), results.micros("p99." + s), results.micros("p999." + s),
                    String.format(Locale.ROOT, "%.2f ± %.2f", results.get("bytes." + s), results.get("bytes." + s + ".error")));
        }
        out.printf("(throughput: mean ± 99.9%% CI over %s fork-iterations; latency: %s samples pooled from all "
                + "forks, [min..max] of the per-fork value; bytes: mean ± max deviation over rounds)%n",
                r.getProperty("tput1.lws.n"), r.getProperty("samples.lws"));
        for (String s : SYSTEMS) {
            out.printf("  %-10s %s%n", s, r.getProperty("queue." + s, "?"));
        }
        double tput1VsNetty = results.get("tput1.lws") / results.get("tput1.netty");
        double tput4VsNetty = results.get("tput4.lws") / results.get("tput4.netty");
        double p99VsNetty = results.get("p99.lws") / results.get("p99.netty");
        double bytes = results.get("bytes.lws");
        out.println();
        for (String[] pair : new String[][] {{"lws", "netty"}, {"lws+socket", "netty"}, {"lws", "executor"}}) {
            out.printf(Locale.ROOT, "%-19s", pair[0] + " / " + pair[1] + ":");
            for (String figure : new String[] {"tput1", "tput4", "p50", "p99", "p999"}) {
                out.printf(Locale.ROOT, "  %s %.2fx", figure,
                        results.get(figure + "." + pair[0]) / results.get(figure + "." + pair[1]));
            }
            out.println();
        }
        boolean ok = true;
        ok &= target(out, "throughput, 1 producer >= 1.0x netty", tput1VsNetty >= 1.0);
        ok &= target(out, "throughput, 4 producers >= 1.0x netty", tput4VsNetty >= 1.0);
        ok &= target(out, "p99 <= netty's", p99VsNetty <= 1.0);
        ok &= target(out, "<= 20 bytes per pending task", bytes <= 20.0);
        out.printf(Locale.ROOT, "RESULT tput1=%.0f tput4=%.0f tput1_vs_netty=%.2f tput4_vs_netty=%.2f p50_us=%.2f "
                        + "p99_us=%.2f p99_vs_netty=%.2f bytes_per_task=%.2f%n",
                results.get("tput1.lws"), results.get("tput4.lws"), tput1VsNetty, tput4VsNetty,
                results.get("p50.lws"), results.get("p99.lws"), p99VsNetty, bytes);
        return ok ? 0 : 1;
    }

    private static boolean target(PrintStream out, String what, boolean met) {
        out.printf("target %-40s %s%n", what, met ? "met" : "MISSED");
        return met;
    }

    /** Typed access to the results file. */
    private record Results(Properties values) {
        double get(String key) {
            String v = values.getProperty(key);
            if (v == null) {
                throw new IllegalStateException("results file has no " + key + ": did every phase run?");
            }
            return Double.parseDouble(v);
        }

        String mega(String key) {
            return String.format(Locale.ROOT, "%.2f ± %.2f", get(key) / 1e6, get(key + ".error") / 1e6);
        }

        String micros(String key) {
            return String.format(Locale.ROOT, "%.1f [%.1f..%.1f]", get(key), get(key + ".min"), get(key + ".max"));
        }
    }
}
