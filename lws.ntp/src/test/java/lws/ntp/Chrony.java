package lws.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A real chronyd serving NTP on a random loopback port, started by the test: {@code chronyd -d -x}
 * (foreground, never touches the system clock), local stratum 8, command socket off, every file in its
 * own temporary directory. Runs as the current user (root: {@code -u root}; others: {@code -U}).
 */
final class Chrony implements AutoCloseable {
    final int port;
    final Path dir;
    private final Process process;

    private Chrony(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts chronyd and waits until it answers a query (at most 10 s).
     *
     * @param extraConfig further configuration lines, e.g. {@code ratelimit …}
     * @return the running server
     * @throws Exception if it cannot be started
     */
    static Chrony start(String... extraConfig) throws Exception {
        Path binary = Peers.require("chronyd");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeUdpPort();
            Path dir = Files.createTempDirectory("lws-ntp-chrony-");
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            StringBuilder conf = new StringBuilder();
            for (String line : List.of("port " + port, "bindaddress 127.0.0.1", "allow 127.0.0.1", "local stratum 8",
                    "cmdport 0", "bindcmdaddress /", "pidfile " + dir.resolve("chrony.pid"),
                    "driftfile " + dir.resolve("chrony.drift"))) {
                conf.append(line).append('\n');
            }
            for (String line : extraConfig) {
                conf.append(line).append('\n');
            }
            Path confFile = Files.writeString(dir.resolve("chrony.conf"), conf);
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> cmd = root ? List.of(binary.toString(), "-d", "-x", "-u", "root", "-f", confFile.toString())
                    : List.of(binary.toString(), "-d", "-x", "-U", "-f", confFile.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("chrony.log").toFile()).start();
            Chrony chrony = new Chrony(port, dir, p);
            if (chrony.awaitAnswer(10_000)) {
                return chrony;
            }
            last = new IOException("chronyd did not answer on port " + port + ": " + Files.readString(dir.resolve("chrony.log")));
            chrony.close();
        }
        throw last;
    }

    /** @return the server's address */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private boolean awaitAnswer(long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (query(address(), 200) != null) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Sends one raw client request and waits for the reply.
     *
     * @param to the server
     * @param timeoutMillis how long to wait
     * @return the reply bytes, or null on timeout
     * @throws IOException on socket errors
     */
    static byte[] query(InetSocketAddress to, long timeoutMillis) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET); Selector sel = Selector.open()) {
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ch.send(ByteBuffer.wrap(NtpPacket.request(NtpTime.toNtp(Instant.now()))), to);
            if (sel.select(timeoutMillis) == 0) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate(512);
            ch.receive(buf);
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** @return a UDP port that was free on 127.0.0.1 a moment ago */
    static int freeUdpPort() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
