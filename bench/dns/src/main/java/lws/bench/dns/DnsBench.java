package lws.bench.dns;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import lws.app.api.DnsAnswer;
import lws.app.api.Resolver;
import lws.dns.DnsHelper;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.SystemContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of DNS clients against one dnsmasq on loopback, each keeping the same number of queries in
 * flight over the same 1000 names: lws.dns with its cache off, Netty's DnsNameResolver with its caches
 * off, dnsjava's SimpleResolver with its default asynchronous transport; then lws.dns cache hits. The
 * dnsperf figure of the same run is passed in by {@code bench/dns.sh}. Prints a table and, last, the
 * RESULT line.
 */
public final class DnsBench {
    private DnsBench() {
    }

    /** One measured client. */
    record Result(String client, long answers, long errors, double seconds, double cpuNanos) {
        double qps() {
            return answers / seconds;
        }

        double usPerAnswer() {
            return answers == 0 || cpuNanos == 0 ? Double.NaN : cpuNanos / 1000.0 / answers;
        }
    }

    /** A load generator that keeps {@code inflight} lookups going until stopped. */
    interface Load {
        void start(int inflight) throws Exception;

        void stop() throws Exception;
    }

    private static final AtomicLong ANSWERS = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();
    private static volatile boolean running;
    private static double cacheHitsPerCpuSecond;

    /**
     * @param args {@code --port P --names FILE [--seconds 5] [--warmup 3] [--inflight 100] [--rounds 3] [--dnsperf PATH]}
     * @throws Exception if a client cannot run
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int port = Integer.parseInt(a.get("port"));
        List<String> names = Files.readAllLines(Path.of(a.get("names"))).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split("\\s+")[0]).toList();
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "5"));
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "3"));
        int inflight = Integer.parseInt(a.getOrDefault("inflight", "100"));
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

        String[] nameArray = names.toArray(String[]::new);
        if (a.containsKey("only")) {
            measure("lws.dns (cache off)", new Ours(server, nameArray, false), inflight, warmup, seconds);
            System.exit(0);
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        String dnsperf = a.get("dnsperf");
        List<List<Result>> byClient = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            System.err.println("round " + round + " of " + rounds);
            if (dnsperf != null) {
                byClient.get(0).add(dnsperf(dnsperf, port, a.get("names"), inflight, seconds));
            }
            byClient.get(1).add(measure("lws.dns (cache off)", new Ours(server, nameArray, false), inflight, warmup, seconds));
            byClient.get(2).add(measure("Netty DnsNameResolver (caches off)", new Netty(server, nameArray), inflight, warmup, seconds));
            byClient.get(3).add(measure("dnsjava SimpleResolver.sendAsync", new DnsJava(server, nameArray), inflight, warmup, seconds));
            byClient.get(4).add(measure("ceiling: bare NIO loop, no DNS work", new BareLoop(server, ANSWERS), inflight, warmup, seconds));
        }
        double cacheHits = cacheHits(server, nameArray, warmup, seconds);

        double dnsperfQps = dnsperf == null ? 0 : median(byClient.get(0)).qps();
        Result ours = median(byClient.get(1));
        Result netty = median(byClient.get(2));
        Result dnsjava = median(byClient.get(3));
        System.out.printf(Locale.ROOT, "%-38s %12s %16s %10s %14s %7s%n", "client (" + inflight + " in flight)",
                "answers/s", "(min-max)", "vs dnsperf", "CPU us/answer", "errors");
        for (List<Result> runs : byClient) {
            if (runs.isEmpty()) {
                continue;
            }
            Result r = median(runs);
            double min = runs.stream().mapToDouble(Result::qps).min().orElse(0);
            double max = runs.stream().mapToDouble(Result::qps).max().orElse(0);
            System.out.printf(Locale.ROOT, "%-38s %12.0f %16s %10s %14s %7d%n", r.client(), r.qps(),
                    String.format(Locale.ROOT, "(%.0f-%.0f)", min, max),
                    dnsperfQps > 0 ? String.format(Locale.ROOT, "%.2f", r.qps() / dnsperfQps) : "-",
                    Double.isNaN(r.usPerAnswer()) ? "-" : String.format(Locale.ROOT, "%.2f", r.usPerAnswer()), r.errors());
        }
        System.out.printf(Locale.ROOT, "%-38s %12.0f %16s %10s %14.3f %7s%n", "lws.dns cache hits (lookups/s)", cacheHits, "", "-",
                1e6 / cacheHitsPerCpuSecond, "-");
        System.out.printf(Locale.ROOT, "medians of %d rounds of %.0f s each; CPU is the whole JVM process (JIT and GC included)%n", rounds, seconds);
        System.out.printf(Locale.ROOT, "RESULT qps=%.0f dnsperf_qps=%.0f vs_dnsperf=%.2f vs_netty=%.2f vs_dnsjava=%.2f cache_hits_per_s=%.0f us_per_answer=%.2f%n",
                ours.qps(), dnsperfQps, dnsperfQps > 0 ? ours.qps() / dnsperfQps : 0, ours.qps() / netty.qps(),
                ours.qps() / dnsjava.qps(), cacheHits, ours.usPerAnswer());
        System.exit(0);
    }

    private static Result median(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::qps));
        return sorted.get(sorted.size() / 2);
    }

    /** Runs dnsperf over the same names and reads its summary. */
    private static Result dnsperf(String binary, int port, String queries, int inflight, double seconds) throws Exception {
        Process p = new ProcessBuilder(binary, "-s", "127.0.0.1", "-p", String.valueOf(port), "-d", queries,
                "-l", String.valueOf((long) seconds), "-c", "1", "-q", String.valueOf(inflight))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher qps = java.util.regex.Pattern.compile("Queries per second:\\s*([0-9.]+)").matcher(out);
        java.util.regex.Matcher completed = java.util.regex.Pattern.compile("Queries completed:\\s*([0-9]+)").matcher(out);
        java.util.regex.Matcher lost = java.util.regex.Pattern.compile("Queries lost:\\s*([0-9]+)").matcher(out);
        if (!qps.find() || !completed.find()) {
            throw new IllegalStateException("dnsperf output not understood:\n" + out);
        }
        double rate = Double.parseDouble(qps.group(1));
        long answers = Long.parseLong(completed.group(1));
        System.err.printf(Locale.ROOT, "dnsperf: %.0f queries/s%n", rate);
        return new Result("dnsperf -c 1 -q " + inflight, answers, lost.find() ? Long.parseLong(lost.group(1)) : 0,
                answers / rate, 0);
    }

    private static Result measure(String client, Load load, int inflight, double warmup, double seconds) throws Exception {
        ANSWERS.set(0);
        ERRORS.set(0);
        running = true;
        load.start(inflight);
        Thread.sleep((long) (warmup * 1000));
        long a0 = ANSWERS.get();
        long e0 = ERRORS.get();
        long cpu0 = cpuNanos();
        long loop0 = loopCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long a1 = ANSWERS.get();
        long e1 = ERRORS.get();
        long cpu1 = cpuNanos();
        long loop1 = loopCpuNanos();
        long t1 = System.nanoTime();
        running = false;
        load.stop();
        Result r = new Result(client, a1 - a0, e1 - e0, (t1 - t0) / 1e9, cpu1 - cpu0);
        System.err.printf(Locale.ROOT, "%s: %.0f answers/s, %.2f CPU us/answer (%.2f on the lws-system loop), %d errors%n",
                client, r.qps(), r.usPerAnswer(), (loop1 - loop0) / 1000.0 / Math.max(1, r.answers()), r.errors());
        return r;
    }

    private static long loopCpuNanos() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("lws-system")) {
                return ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId());
            }
        }
        return 0;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static SystemContext system(InetSocketAddress server, boolean cache) throws Exception {
        DnsHelper helper = new DnsHelper();
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(helper.configKeys());
        Path empty = Files.createTempFile("lws-bench-dns", ".conf");
        empty.toFile().deleteOnExit();
        Map<String, String> given = new HashMap<>(Map.of(
                "dns.servers", server.getAddress().getHostAddress() + ":" + server.getPort(),
                "dns.resolv-conf", empty.toString(),
                "dns.hosts-file", empty.toString(),
                "dns.resolv-conf-poll", "0",
                "dns.cache-size", cache ? "100000" : "0",
                "loop.stall-threshold", "0"));
        for (String kv : System.getProperty("lws.bench.dns.set", "").split(",")) {
            if (!kv.isBlank()) {
                Config.parseAssignment(kv, given);
            }
        }
        SystemContext system = SystemContext.builder().config(Config.of(keys, List.of(), given)).helpers(List.of(helper)).build();
        system.start().get(10, TimeUnit.SECONDS);
        return system;
    }

    /** lws.dns: lookups issued and continued on the system loop. */
    static final class Ours implements Load {
        private final InetSocketAddress server;
        private final String[] names;
        private final boolean cache;
        private SystemContext system;
        private Resolver resolver;
        private int next;

        Ours(InetSocketAddress server, String[] names, boolean cache) {
            this.server = server;
            this.names = names;
            this.cache = cache;
        }

        @Override
        public void start(int inflight) throws Exception {
            system = system(server, cache);
            resolver = system.resolver();
            system.loop().execute(() -> {
                for (int i = 0; i < inflight; i++) {
                    issue();
                }
            });
        }

        private void issue() {
            String name = names[next++ % names.length];
            resolver.lookup(name, "A").whenComplete(this::done);
        }

        private void done(DnsAnswer answer, Throwable error) {
            (error == null ? ANSWERS : ERRORS).incrementAndGet();
            if (running) {
                issue();
            }
        }

        @Override
        public void stop() throws Exception {
            Thread.sleep(200);
            system.close();
        }
    }

    /** Netty 4.1 DnsNameResolver, caches off, IPv4 only (one A query per lookup, as the others). */
    static final class Netty implements Load {
        private final InetSocketAddress server;
        private final String[] names;
        private NioEventLoopGroup group;
        private DnsNameResolver resolver;
        private int next;
        private final FutureListener<InetAddress> listener = this::done;

        Netty(InetSocketAddress server, String[] names) {
            this.server = server;
            this.names = names;
        }

        @Override
        public void start(int inflight) {
            group = new NioEventLoopGroup(1);
            EventLoop loop = group.next();
            resolver = new DnsNameResolverBuilder(loop)
                    .datagramChannelType(NioDatagramChannel.class)
                    .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .cnameCache(NoopDnsCnameCache.INSTANCE)
                    .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
                    .searchDomains(List.of())
                    .ndots(1)
                    .queryTimeoutMillis(2000)
                    .build();
            loop.execute(() -> {
                for (int i = 0; i < inflight; i++) {
                    issue();
                }
            });
        }

        private void issue() {
            resolver.resolve(names[next++ % names.length]).addListener(listener);
        }

        private void done(Future<InetAddress> f) {
            (f.isSuccess() ? ANSWERS : ERRORS).incrementAndGet();
            if (running) {
                issue();
            }
        }

        @Override
        public void stop() throws Exception {
            Thread.sleep(200);
            resolver.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** dnsjava 3.7 SimpleResolver with its default NIO transport ("dnsjava NIO selector" thread). */
    static final class DnsJava implements Load {
        private final InetSocketAddress server;
        private final String[] names;
        private final AtomicLong next = new AtomicLong();
        private SimpleResolver resolver;

        DnsJava(InetSocketAddress server, String[] names) {
            this.server = server;
            this.names = names;
        }

        @Override
        public void start(int inflight) {
            resolver = new SimpleResolver(server);
            resolver.setTimeout(Duration.ofSeconds(2));
            for (int i = 0; i < inflight; i++) {
                issue();
            }
        }

        private void issue() {
            String name = names[(int) (next.getAndIncrement() % names.length)];
            try {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
                resolver.sendAsync(q, Runnable::run).whenComplete((m, e) -> {
                    (e == null ? ANSWERS : ERRORS).incrementAndGet();
                    if (running) {
                        issue();
                    }
                });
            } catch (Exception e) {
                ERRORS.incrementAndGet();
            }
        }

        @Override
        public void stop() throws Exception {
            Thread.sleep(2500);
        }
    }

    /** Cache hits: every name resolved once, then looked up again and again on the loop thread. */
    private static double cacheHits(InetSocketAddress server, String[] names, double warmup, double seconds) throws Exception {
        SystemContext system = system(server, true);
        try {
            Resolver resolver = system.resolver();
            List<CompletableFuture<DnsAnswer>> fill = new ArrayList<>();
            for (String n : names) {
                fill.add(resolver.lookup(n, "A").toCompletableFuture());
            }
            CompletableFuture.allOf(fill.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            system.loop().submit(() -> spin(resolver, names, (long) (warmup * 1e9))).get();
            long[] r = system.loop().submit(() -> spin(resolver, names, (long) (seconds * 1e9))).get();
            if (r[1] != 0) {
                throw new IllegalStateException(r[1] + " cache lookups were not hits");
            }
            double perSecond = r[0] / seconds;
            double perCpuSecond = r[0] / (r[2] / 1e9);
            System.err.printf(Locale.ROOT, "lws.dns cache hits: %.0f lookups/s (%.0f per CPU second of the loop thread)%n",
                    perSecond, perCpuSecond);
            cacheHitsPerCpuSecond = perCpuSecond;
            return perSecond;
        } finally {
            system.close();
        }
    }

    private static long[] spin(Resolver resolver, String[] names, long nanos) {
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long end = System.nanoTime() + nanos;
        long done = 0;
        long misses = 0;
        long sink = 0;
        while (System.nanoTime() < end) {
            for (String n : names) {
                DnsAnswer a = resolver.lookup(n, "A").toCompletableFuture().getNow(null);
                if (a == null || !a.fromCache()) {
                    misses++;
                } else {
                    sink += a.records().size();
                }
            }
            done += names.length;
        }
        if (sink == 42) {
            System.err.print("");
        }
        return new long[] {done, misses, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0};
    }
}
