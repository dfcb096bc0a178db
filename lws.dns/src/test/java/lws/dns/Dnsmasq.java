package lws.dns;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 and a random free port, serving the test zone {@code test} (no upstream,
 * no hosts file, no resolv.conf): the end-to-end peer of the resolver tests and the golden-packet
 * capture. Needs no root. When dnsmasq is not installed the test is skipped, unless {@code CI=true}, where
 * it fails.
 */
final class Dnsmasq implements AutoCloseable {
    /** The zone: A, AAAA, dual-stack, a CNAME chain, TXT, SRV, PTR, 40 A records (TC without EDNS). */
    static final List<String> ZONE = zone();

    private final Process process;
    private final Path dir;
    private final int port;

    private Dnsmasq(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    private static List<String> zone() {
        List<String> lines = new ArrayList<>(List.of(
                "local=/test/",
                "local-ttl=60",
                "host-record=a.test,192.0.2.1",
                "host-record=aaaa.test,2001:db8::1",
                "host-record=dual.test,192.0.2.2,2001:db8::2",
                "cname=alias.test,dual.test",
                "cname=www.test,alias.test",
                "txt-record=txt.test,\"v=test1 hello world\",\"second string\"",
                "srv-host=_ntp._udp.test,a.test,123,0,5",
                "ptr-record=1.2.0.192.in-addr.arpa,a.test",
                "address=/perf.test/192.0.2.99"));
        for (int i = 1; i <= 40; i++) {
            lines.add("host-record=big.test,198.51.100." + i);
        }
        return List.copyOf(lines);
    }

    /**
     * Starts dnsmasq with {@link #ZONE} and waits until it answers.
     *
     * @return the running server
     * @throws Exception if it cannot be started
     */
    static Dnsmasq start() throws Exception {
        return start(ZONE);
    }

    /**
     * @param zoneLines extra configuration lines (the zone)
     * @return the running server
     * @throws Exception if it cannot be started
     */
    static Dnsmasq start(List<String> zoneLines) throws Exception {
        Path binary = binary();
        Path dir = Files.createTempDirectory("lws-dns-dnsmasq");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path conf = dir.resolve("dnsmasq.conf");
            List<String> lines = new ArrayList<>(List.of(
                    "port=" + port, "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts", "no-poll"));
            lines.addAll(zoneLines);
            Files.write(conf, lines, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary.toString(), "--keep-in-foreground", "--conf-file=" + conf,
                    "--log-facility=-", "--pid-file=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
            Dnsmasq server = new Dnsmasq(p, dir, port);
            if (server.awaitReady()) {
                return server;
            }
            server.close();
            last = new IOException("dnsmasq did not start on port " + port + ": " + Files.readString(dir.resolve("dnsmasq.log")));
        }
        throw last;
    }

    private static Path binary() {
        List<String> places = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            places.add(d);
        }
        places.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : places) {
            Path p = Path.of(d, "dnsmasq");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        missing("dnsmasq is not installed (Debian package dnsmasq-base; .ci/peers.sh installs it)");
        throw new IllegalStateException("unreachable");
    }

    /**
     * Skips the calling test, or fails it under {@code CI=true}.
     *
     * @param reason what is missing
     */
    static void missing(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + reason);
        }
        Assumptions.abort(reason);
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = tcp.getLocalPort();
                try (DatagramChannel udp = DatagramChannel.open()) {
                    udp.bind(new InetSocketAddress("127.0.0.1", port));
                    return port;
                } catch (IOException udpTaken) {
                    continue;
                }
            }
        }
        throw new IOException("no free port for dnsmasq");
    }

    private boolean awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Path log = dir.resolve("dnsmasq.log");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (Files.exists(log) && Files.readString(log).contains("started")) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException notYet) {
                    Thread.sleep(20);
                    continue;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** @return the port dnsmasq listens on (UDP and TCP, 127.0.0.1) */
    int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:port} */
    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** @return the server's address */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
