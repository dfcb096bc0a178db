package lws.dhcp;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A DHCP test bench made of two network namespaces joined by a veth pair: dnsmasq serves 10.77.0.0/24 in
 * the server namespace, the client side is unaddressed. Names carry a random suffix; only the namespaces
 * created here are deleted. Needs root, {@code ip} and {@code dnsmasq}: without them the test is skipped,
 * or fails when {@code CI=true}.
 */
final class NetnsLab implements AutoCloseable {
    final String suffix = String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    final String serverNs = "lwsdhcp-s-" + suffix;
    final String clientNs = "lwsdhcp-c-" + suffix;
    final String serverIf = "lds" + suffix;
    final String clientIf = "ldc" + suffix;
    final Path dir;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    /** The dnsmasq {@code dhcp-range} of the next {@link #startDnsmasq} (2-minute leases). */
    String range = "10.77.0.50,10.77.0.150,255.255.255.0,2m";
    private Process dnsmasq;
    private Process capture;
    private Path dnsmasqLog;
    private int dnsmasqRuns;
    private boolean created;

    /** Skips (or fails under CI=true) unless root with ip and dnsmasq. */
    static void requirePrivileges() {
        String missing = null;
        if (!"0".equals(uid())) {
            missing = "not root (namespaces, port 68, AF_PACKET)";
        } else {
            for (String bin : List.of("ip", "dnsmasq", "nft", "tcpdump")) {
                if (!onPath(bin)) {
                    missing = bin + " not installed (run .ci/peers.sh as root)";
                }
            }
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("DHCP end-to-end tests cannot run under CI=true: " + missing);
            }
            Assumptions.abort("DHCP end-to-end tests skipped: " + missing);
        }
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    private static boolean onPath(String bin) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, bin))) {
                return true;
            }
        }
        return false;
    }

    NetnsLab(Path dir) throws IOException {
        this.dir = dir;
        sh("ip", "netns", "add", serverNs);
        created = true;
        sh("ip", "netns", "add", clientNs);
        sh("ip", "-n", serverNs, "link", "set", "lo", "up");
        sh("ip", "-n", clientNs, "link", "set", "lo", "up");
        sh("ip", "link", "add", serverIf, "type", "veth", "peer", "name", clientIf);
        sh("ip", "link", "set", serverIf, "netns", serverNs);
        sh("ip", "link", "set", clientIf, "netns", clientNs);
        sh("ip", "-n", serverNs, "addr", "add", "10.77.0.1/24", "dev", serverIf);
        sh("ip", "-n", serverNs, "link", "set", serverIf, "up");
        sh("ip", "-n", clientNs, "link", "set", clientIf, "up");
    }

    /** Starts dnsmasq (2-minute leases, rapid commit, router/DNS/NTP 10.77.0.1) with extra config lines. */
    void startDnsmasq(String... extra) throws IOException, InterruptedException {
        Path conf = dir.resolve("dnsmasq.conf");
        List<String> lines = new ArrayList<>(List.of("interface=" + serverIf, "bind-interfaces", "no-resolv", "no-hosts",
                "domain=test.lan", "local=/test.lan/", "dhcp-range=" + range,
                "dhcp-option=option:router,10.77.0.1", "dhcp-option=option:dns-server,10.77.0.1",
                "dhcp-option=option:ntp-server,10.77.0.1", "dhcp-option=option:domain-name,test.lan",
                "dhcp-authoritative", "dhcp-rapid-commit", "log-dhcp", "log-facility=-"));
        lines.addAll(List.of(extra));
        Files.write(conf, lines);
        dnsmasqLog = dir.resolve("dnsmasq-" + (++dnsmasqRuns) + ".log");
        dnsmasq = new ProcessBuilder("ip", "netns", "exec", serverNs, "dnsmasq", "--keep-in-foreground",
                "--conf-file=" + conf.toAbsolutePath(), "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases").toAbsolutePath(),
                "--pid-file=", "--no-ping").redirectErrorStream(true).redirectOutput(dnsmasqLog.toFile()).start();
        processes.add(dnsmasq);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(dnsmasqLog).contains("DHCP, IP range")) {
            if (!dnsmasq.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("dnsmasq did not start: " + Files.readString(dnsmasqLog));
            }
            Thread.sleep(20);
        }
    }

    void stopDnsmasq() throws InterruptedException {
        dnsmasq.destroy();
        dnsmasq.waitFor(5, TimeUnit.SECONDS);
    }

    /** Forgets every lease dnsmasq handed out (call while it is stopped). */
    void forgetLeases() throws IOException {
        Files.deleteIfExists(dir.resolve("dnsmasq.leases"));
    }

    /** @return everything every dnsmasq run logged */
    String dnsmasqLog() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= dnsmasqRuns; i++) {
            b.append(Files.readString(dir.resolve("dnsmasq-" + i + ".log")));
        }
        return b.toString();
    }

    /** Starts tcpdump on the server end (DHCP ports only), writing {@code capture.pcap}. */
    void startCapture() throws IOException, InterruptedException {
        Path log = dir.resolve("tcpdump.log");
        capture = new ProcessBuilder("ip", "netns", "exec", serverNs, "tcpdump", "-i", serverIf, "-n", "-U", "--immediate-mode",
                "-w", dir.resolve("capture.pcap").toString(), "udp port 67 or udp port 68")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(capture);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(log).contains("listening on")) {
            if (!capture.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("tcpdump did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Stops tcpdump and reads the capture.
     *
     * @return the IPv4 packets seen (Ethernet headers removed)
     */
    List<byte[]> stopCapture() throws IOException, InterruptedException {
        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        byte[] pcap = Files.readAllBytes(dir.resolve("capture.pcap"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<byte[]> packets = new ArrayList<>();
        int at = 24; // global header; then per packet: ts_sec, ts_usec, incl_len, orig_len
        while (at + 16 <= pcap.length) {
            int len = b.getInt(at + 8);
            packets.add(java.util.Arrays.copyOfRange(pcap, at + 16 + 14, at + 16 + len));
            at += 16 + len;
        }
        return packets;
    }

    /** Drops {@code percent} % of incoming UDP on both veth ends (nftables netdev ingress). */
    void loss(int percent) throws IOException {
        for (String[] side : new String[][] {{serverNs, serverIf}, {clientNs, clientIf}}) {
            Path rules = dir.resolve("loss-" + side[1] + ".nft");
            Files.writeString(rules, "table netdev lwsloss {\n chain ingress {\n  type filter hook ingress device \"" + side[1]
                    + "\" priority 0; policy accept;\n  ip protocol udp numgen random mod 100 < " + percent + " counter drop\n }\n}\n");
            sh("ip", "netns", "exec", side[0], "nft", "-f", rules.toString());
        }
    }

    /** @return what {@code ip} prints in the client namespace */
    String inClient(String... ipArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", clientNs));
        cmd.addAll(List.of(ipArgs));
        return sh(cmd.toArray(String[]::new));
    }

    /** Starts {@code DhcpMain} in the client namespace, in a child JVM with the module's flags. */
    Client client(String... sets) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isEmpty()) {
            throw new IllegalStateException("the tests must run on the module path (jdk.module.path is empty)");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", clientNs, java, "-XX:TieredStopAtLevel=1",
                "--enable-native-access=lws.dhcp", "--add-exports", "java.base/sun.nio.ch=lws.dhcp",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-p", modulePath, "-m", "lws.dhcp/lws.dhcp.DhcpMain",
                "-i", clientIf, "--set", "dhcp.lease-dir=" + dir.resolve("leases").toAbsolutePath()));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return new Client(p, dir.resolve("client-" + p.pid() + ".log"));
    }

    /** A running client: its output lines, and commands on its stdin. */
    static final class Client {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final PrintWriter in;
        private final Path log;

        Client(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("lab-client-" + process.pid()).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                } catch (IOException e) {
                    synchronized (lines) {
                        lines.add("READ-ERROR " + e);
                    }
                }
            });
        }

        /** Waits for a line matching {@code test} after line {@code from}; returns its index. */
        int await(int from, Predicate<String> test, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (true) {
                    for (int i = from; i < lines.size(); i++) {
                        if (test.test(lines.get(i))) {
                            return i;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no " + what + " within " + timeout + "; client said:\n" + String.join("\n", lines));
                    }
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                }
            }
        }

        int await(String prefix, Duration timeout) throws InterruptedException {
            return await(0, l -> l.startsWith(prefix), timeout, "'" + prefix + "'");
        }

        String line(int index) {
            synchronized (lines) {
                return lines.get(index);
            }
        }

        int size() {
            synchronized (lines) {
                return lines.size();
            }
        }

        /** Waits for the first {@code EVENT bound} and returns the address with its prefix, e.g. {@code 10.77.0.60/24}. */
        String boundAddress(Duration timeout) throws InterruptedException {
            return line(await("EVENT bound", timeout)).split(" ")[2];
        }

        /** Asks for the status and returns the STATUS line printed after line {@code from}. */
        String status(int from) throws InterruptedException {
            send("status");
            return line(await(from, l -> l.startsWith("STATUS"), Duration.ofSeconds(10), "status"));
        }

        void send(String command) {
            in.println(command);
        }

        /** Sends quit and waits for the exit code. */
        int quit() throws InterruptedException {
            send("quit");
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("client did not quit");
            }
            return process.exitValue();
        }
    }

    private static String sh(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
    }

    @Override
    public void close() {
        for (Process p : List.copyOf(processes)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (created) {
            for (String ns : List.of(serverNs, clientNs)) {
                try {
                    sh("ip", "netns", "del", ns);
                } catch (IOException e) {
                    System.err.println("cannot delete namespace " + ns + ": " + e.getMessage());
                }
            }
        }
    }
}
