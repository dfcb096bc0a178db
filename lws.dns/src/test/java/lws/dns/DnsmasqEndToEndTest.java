package lws.dns;

import lws.app.api.DnsAnswer;
import lws.app.api.NetworkInfo;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.SystemContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resolver as the daemon runs it (a {@link SystemContext} with the DNS helper) against a real dnsmasq
 * on loopback. The host's resolv.conf and hosts file are never read: both paths point into a temporary
 * directory.
 */
@Timeout(60)
class DnsmasqEndToEndTest {
    private static Dnsmasq dnsmasq;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start();
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    /** A running system with the DNS helper and the given settings. */
    private final class Running implements AutoCloseable {
        final DnsHelper helper = new DnsHelper();
        final SystemContext system;

        Running(Map<String, String> settings) throws Exception {
            Map<String, String> given = new HashMap<>();
            given.put("dns.resolv-conf", write("resolv.conf", "").toString());
            given.put("dns.hosts-file", write("hosts", "").toString());
            given.put("dns.resolv-conf-poll", "0");
            given.putAll(settings);
            List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
            keys.addAll(helper.configKeys());
            system = SystemContext.builder().config(Config.of(keys, List.of(), given)).helpers(List.of(helper)).build();
            system.start().get(10, TimeUnit.SECONDS);
        }

        DnsAnswer lookup(String name, String type) throws Exception {
            return system.resolver().lookup(name, type).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        List<InetAddress> resolve(String host) throws Exception {
            return system.resolver().resolve(host).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        Map<String, Object> status() throws Exception {
            return system.loop().submit(helper::status).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            system.close();
        }
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Running withDnsmasq(String... more) throws Exception {
        Map<String, String> s = new HashMap<>(Map.of("dns.servers", dnsmasq.hostPort()));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return new Running(s);
    }

    private static String failure(CompletionStage<?> stage) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(UnknownHostException.class, e.getCause());
        return e.getCause().getMessage();
    }

    @Test
    void resolvesAAndAaaa() throws Exception {
        try (Running r = withDnsmasq()) {
            assertEquals(List.of("192.0.2.1"), r.lookup("a.test", "A").records());
            assertEquals(List.of("2001:db8::1"), r.lookup("aaaa.test", "AAAA").records());
            assertEquals(List.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8::2")), r.resolve("dual.test"));
        }
    }

    @Test
    void followsACnameChain() throws Exception {
        try (Running r = withDnsmasq()) {
            DnsAnswer answer = r.lookup("www.test", "A");
            assertEquals("dual.test", answer.name());
            assertEquals(List.of("192.0.2.2"), answer.records());
            assertEquals(List.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8::2")), r.resolve("www.test"));
            assertTrue(r.lookup("www.test", "A").fromCache());
        }
    }

    @Test
    void aServerWithoutEdnsIsAskedAgainWithoutIt() throws Exception {
        try (NoEdnsServer old = NoEdnsServer.start(new InetSocketAddress("127.0.0.1", dnsmasq.port()));
             Running r = new Running(Map.of("dns.servers", old.hostPort(), "dns.cache-size", "0"))) {
            assertEquals(List.of("192.0.2.1"), r.lookup("a.test", "A").records(), "answered by dnsmasq, relayed");
            assertEquals(1, old.formerrs.get(), "the first query carried OPT and got FORMERR");
            assertEquals(List.of("2001:db8::1"), r.lookup("aaaa.test", "AAAA").records());
            assertEquals(1, old.formerrs.get(), "remembered: later queries go without OPT");
            assertEquals(2, old.relayed.get());
            Map<String, Object> status = r.status();
            assertEquals(List.of(old.hostPort()), status.get("servers_without_edns"));
            assertEquals(1L, ((Map<?, ?>) status.get("counters")).get("edns_fallbacks"));
        }
    }

    @Test
    void nxdomainAndNodata() throws Exception {
        try (Running r = withDnsmasq()) {
            assertEquals("nope.test: NXDOMAIN", failure(r.system.resolver().lookup("nope.test", "A")));
            assertEquals("nope.test: NXDOMAIN", failure(r.system.resolver().resolve("nope.test")));
            DnsAnswer nodata = r.lookup("a.test", "AAAA");
            assertEquals(List.of(), nodata.records());
            assertEquals(List.of(InetAddress.getByName("192.0.2.1")), r.resolve("a.test"), "A found, AAAA NODATA");
        }
    }

    @Test
    void otherRecordTypes() throws Exception {
        try (Running r = withDnsmasq()) {
            assertEquals(List.of("\"v=test1 hello world\" \"second string\""), r.lookup("txt.test", "TXT").records());
            assertEquals(List.of("0 5 123 a.test."), r.lookup("_ntp._udp.test", "SRV").records());
            assertEquals(List.of("a.test."), r.lookup("1.2.0.192.in-addr.arpa", "PTR").records());
        }
    }

    @Test
    void truncatedUdpAnswerIsRetriedOverTcp() throws Exception {
        try (Running r = withDnsmasq("dns.edns-size", "0")) {
            assertEquals(40, r.lookup("big.test", "A").records().size());
            @SuppressWarnings("unchecked")
            Map<String, Object> counters = (Map<String, Object>) r.status().get("counters");
            assertEquals(1L, counters.get("tcp_queries"));
        }
    }

    @Test
    void failsOverFromASilentServerToDnsmasq() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            int silentPort = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            try (Running r = new Running(Map.of("dns.servers", "127.0.0.1:" + silentPort + "," + dnsmasq.hostPort(),
                    "dns.timeout", "200ms"))) {
                long start = System.nanoTime();
                assertEquals(List.of("192.0.2.1"), r.lookup("a.test", "A").records());
                assertTrue(System.nanoTime() - start >= 150_000_000L, "waited for the silent server's timeout");
                silent.configureBlocking(false);
                assertTrue(silent.receive(ByteBuffer.allocate(512)) != null, "the silent server was asked first");
            }
        }
    }

    @Test
    void timeoutNamesTheTriesAndTheServer() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            try (Running r = new Running(Map.of("dns.servers", "127.0.0.1:" + port, "dns.timeout", "50ms"))) {
                assertEquals("a.test: timeout after 3 tries to 127.0.0.1:" + port, failure(r.system.resolver().lookup("a.test", "A")));
            }
        }
    }

    @Test
    void searchDomainAndNdots() throws Exception {
        try (Running r = withDnsmasq("dns.search", "test")) {
            DnsAnswer answer = r.lookup("a", "A");
            assertEquals("a.test", answer.name());
            assertEquals(List.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8::2")), r.resolve("dual"));
        }
    }

    @Test
    void hostsFileComesBeforeDns() throws Exception {
        Path hosts = write("hosts-e2e", "192.0.2.77 myhost.local myhost\n203.0.113.5 a.test\n");
        try (Running r = withDnsmasq("dns.hosts-file", hosts.toString())) {
            assertEquals(List.of(InetAddress.getByName("192.0.2.77")), r.resolve("myhost"));
            assertEquals(List.of("203.0.113.5"), r.lookup("a.test", "A").records());
            @SuppressWarnings("unchecked")
            Map<String, Object> counters = (Map<String, Object>) r.status().get("counters");
            assertEquals(0L, counters.get("queries"), "nothing was sent");
        }
    }

    @Test
    void stagesCompleteOnTheLoopThread() throws Exception {
        try (Running r = withDnsmasq()) {
            String onLoop = r.system.loop().submit(() -> r.system.resolver().lookup("a.test", "A")
                            .thenApply(answer -> Thread.currentThread().getName()))
                    .get(5, TimeUnit.SECONDS).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("lws-system", onLoop);

            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            r.system.loop().execute(() -> {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletionStage<String> fromMain = r.system.resolver().lookup("aaaa.test", "AAAA")
                    .thenApply(answer -> Thread.currentThread().getName());
            release.countDown();
            assertEquals("lws-system", fromMain.toCompletableFuture().get(5, TimeUnit.SECONDS),
                    "a lookup from another thread completes on the loop too");
        }
    }

    @Test
    void serversComeFromResolvConfThenDhcpAndFollowChanges() throws Exception {
        Path resolv = write("resolv-live.conf", "nameserver 127.0.0.66\nsearch first.test\n");
        try (Running r = new Running(Map.of("dns.resolv-conf", resolv.toString(), "dns.resolv-conf-poll", "50ms"))) {
            assertEquals(List.of("127.0.0.66:53"), r.status().get("servers"));
            assertEquals(List.of("first.test"), r.status().get("search"));
            Files.writeString(resolv, "nameserver 127.0.0.67\nnameserver ::1\nsearch second.test\noptions ndots:2\n");
            Files.setLastModifiedTime(resolv, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!List.of("127.0.0.67:53", "[::1]:53").equals(r.status().get("servers")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("127.0.0.67:53", "[::1]:53"), r.status().get("servers"));
            assertEquals(2, r.status().get("ndots"));
            NetworkInfo dhcp = new NetworkInfo("lv-cli", List.of(), List.of(), List.of(InetAddress.getByName("127.0.0.68")),
                    List.of(), List.of("lan.test"), "dhcp lv-cli");
            r.system.loop().submit(() -> {
                r.system.network().publish(dhcp);
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("127.0.0.68:53"), r.status().get("servers"));
            assertEquals("dhcp lv-cli", r.status().get("source"));
            assertEquals(List.of("lan.test"), r.status().get("search"));
        }
    }

    @Test
    void configuredServersWinOverDhcp() throws Exception {
        try (Running r = withDnsmasq()) {
            NetworkInfo dhcp = new NetworkInfo("lv-cli", List.of(), List.of(), List.of(InetAddress.getByName("127.0.0.68")),
                    List.of(), List.of(), "dhcp lv-cli");
            r.system.loop().submit(() -> {
                r.system.network().publish(dhcp);
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertEquals(List.of(dnsmasq.hostPort()), r.status().get("servers"));
            assertEquals(List.of("192.0.2.1"), r.lookup("a.test", "A").records());
        }
    }

    @Test
    void reloadedDnsServersApplyWithoutRestart() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            String silentServer = "127.0.0.1:" + ((InetSocketAddress) silent.getLocalAddress()).getPort();
            try (Running r = new Running(Map.of("dns.servers", silentServer, "dns.timeout", "50ms"))) {
                assertTrue(failure(r.system.resolver().lookup("a.test", "A")).contains("timeout"));
                Config reloaded = r.system.config().with("dns.servers", dnsmasq.hostPort());
                java.util.Set<String> needRestart = r.system.loop().submit(() -> r.system.reconfigure(reloaded)).get(5, TimeUnit.SECONDS);
                assertEquals(java.util.Set.of(), needRestart, "dns.servers applies live");
                assertEquals(List.of(dnsmasq.hostPort()), r.status().get("servers"));
                assertEquals(List.of("192.0.2.1"), r.lookup("a.test", "A").records());
                Config other = r.system.config().with("dns.attempts", "5");
                assertEquals(java.util.Set.of("dns.attempts"),
                        r.system.loop().submit(() -> r.system.reconfigure(other)).get(5, TimeUnit.SECONDS),
                        "keys the helper cannot change live are reported");
            }
        }
    }

    @Test
    void summaryAndMetricsNameTheServer() throws Exception {
        try (Running r = withDnsmasq()) {
            r.lookup("a.test", "A");
            String summary = r.system.loop().submit(r.helper::summary).get(5, TimeUnit.SECONDS);
            assertTrue(summary.startsWith("1 server from dns.servers (" + dnsmasq.hostPort() + ")"), summary);
            Map<String, Double> metrics = new HashMap<>();
            r.system.loop().submit(() -> {
                r.helper.metrics(new lws.system.Metrics() {
                    @Override
                    public void counter(String name, String help, long value) {
                        metrics.put(name, (double) value);
                    }

                    @Override
                    public void gauge(String name, String help, double value) {
                        metrics.put(name, value);
                    }
                });
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertEquals(1.0, metrics.get("lws_dns_queries_total"));
            assertEquals(1.0, metrics.get("lws_dns_answers_total"));
            assertFalse(metrics.containsKey("lws_dns_bogus"));
        }
    }
}
