package lws.ctl;

import lws.app.api.SystemState;
import lws.system.Lwsd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lwsctl in-process against a real in-process lwsd (host-managed profile, the DNS, NTP and DHCP helpers in
 * the boot layer, the echo example from a plug-in directory): every command, human and --json, and the error
 * paths. DNS answers come from a test hosts file; the only DNS server is a closed loopback port.
 */
@Timeout(60)
class LwsctlDaemonTest {
    private static final String PLUGINS = System.getProperty("lws.ctl.plugins");

    @TempDir
    Path tmp;
    Path socket;
    Lwsd daemon;

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("ctl.sock");
        Path hosts = Files.writeString(tmp.resolve("hosts"), "192.0.2.7 www.test\n");
        Path resolvConf = Files.writeString(tmp.resolve("resolv.conf"), "");
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        daemon = Lwsd.launch(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "--set", "plugins.dir=" + PLUGINS, "--set", "echo.port=0", "--set", "control.socket=" + socket,
                "--set", "dns.hosts-file=" + hosts, "--set", "dns.resolv-conf=" + resolvConf,
                "--set", "dns.servers=127.0.0.1:" + closedPort, "--set", "dns.timeout=100ms", "--set", "dns.attempts=1");
        assertTrue(daemon.awaitState(SystemState.OPERATIONAL, Duration.ofSeconds(10)), "daemon reached OPERATIONAL");
    }

    @AfterEach
    void stop() {
        daemon.stop();
    }

    private Cli lwsctl(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = socket.toString();
        return Cli.run(all);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String... args) throws Exception {
        Cli r = lwsctl(args);
        assertEquals(0, r.exit(), r::toString);
        return (Map<String, Object>) Json.parse(r.out());
    }

    @Test
    void statusShowsOperationalWithItsHistoryAndTheEchoApp() throws Exception {
        Cli r = lwsctl("status");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("   State: OPERATIONAL", lines.get(0));
        assertTrue(Pattern.matches("In state: \\d+(\\.\\d{3})? m?s", lines.get(1)), lines.get(1));
        assertTrue(r.out().contains("   Holds: none\n"), r::toString);
        long steps = lines.stream().filter(l -> Pattern.matches("( History:| {9}) +\\+\\d+ ms  [A-Z_0-9]+ -> [A-Z_0-9]+", l)).count();
        assertEquals(SystemState.OPERATIONAL.ordinal(), steps, r::toString);
        assertTrue(r.out().contains("AUTH2 -> OPERATIONAL\n"), r::toString);
        assertTrue(r.out().contains("    Apps: echo: RUNNING\n"), r::toString);
        // the daemon's time object has no fixed member order
        assertTrue(Pattern.compile("^(    Time:| {9}) +source: host \\(unverified\\)$", Pattern.MULTILINE).matcher(r.out()).find(), r::toString);

        Map<String, Object> status = json("status", "--json");
        assertEquals("OPERATIONAL", status.get("state"));
        assertEquals(SystemState.OPERATIONAL.ordinal(), ((List<?>) status.get("history")).size());
        assertEquals("host", ((Map<?, ?>) status.get("network")).get("source"));
        assertTrue(((Number) status.get("uptimeMs")).longValue() >= ((Number) status.get("stateSinceMs")).longValue());
    }

    @Test
    void appsListsTheEchoPluginWithItsOrigin() throws Exception {
        Map<?, ?> echo = (Map<?, ?>) ((List<?>) json("apps", "--json").get("apps")).stream()
                .filter(a -> "echo".equals(((Map<?, ?>) a).get("name"))).findFirst().orElseThrow();
        assertEquals("RUNNING", echo.get("status"));
        assertEquals("lws.example.echo", echo.get("module"));
        assertTrue(String.valueOf(echo.get("origin")).endsWith("lws.example.echo.jar"), echo::toString);

        Cli r = lwsctl("apps");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("NAME  STATUS   START STATE"), r::toString);
        assertTrue(Pattern.compile("^echo  RUNNING  " + echo.get("startState") + " +lws\\.example\\.echo  " + Pattern.quote(String.valueOf(echo.get("origin"))) + "$",
                Pattern.MULTILINE).matcher(r.out()).find(), r::toString);
        assertTrue(r.out().endsWith("\n1 app listed.\n"), r::toString);
    }

    @Test
    void helpersShowEveryFieldOfTheirStatusAligned() throws Exception {
        Cli status = lwsctl("status");
        for (String helper : List.of("dns", "ntp", "dhcp")) {
            assertTrue(Pattern.compile("^( Helpers:| {9}) +" + helper + ": \\S", Pattern.MULTILINE).matcher(status.out()).find(), status::toString);
            Cli r = lwsctl(helper);
            assertEquals(0, r.exit(), r::toString);
            Map<String, Object> json = json(helper, "--json");
            assertTrue(!json.isEmpty(), helper);
            List<String> lines = r.out().lines().toList();
            int column = lines.getFirst().indexOf(": ");
            for (String key : json.keySet()) {
                assertTrue(lines.stream().anyMatch(l -> l.indexOf(": ") == column && l.substring(0, column).strip().equals(key)),
                        () -> helper + ": no aligned line for " + key + "\n" + r.out());
            }
        }
    }

    @Test
    void resolveAnswersFromTheDaemonsResolver() throws Exception {
        Cli r = lwsctl("resolve", "www.test");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("   Name: www.test\n   Type: A\nRecords: 192.0.2.7\n    TTL: "), r::toString);
        assertTrue(Pattern.compile("^  Cache: (hit|miss)$", Pattern.MULTILINE).matcher(r.out()).find(), r::toString);
        Map<String, Object> answer = json("resolve", "www.test", "--type", "a", "--json");
        assertEquals("www.test", answer.get("name"));
        assertEquals("A", answer.get("type"));
        assertEquals(List.of("192.0.2.7"), answer.get("records"));
    }

    @Test
    void aFailedLookupIsExitOneWithTheResolversMessage() {
        Cli r = lwsctl("resolve", "nope.test");
        assertEquals(1, r.exit(), r::toString);
        assertEquals("lwsctl: failed: nope.test: timeout after 1 try to " + daemon.system().config().get("dns.servers") + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void invalidParamsAreExitOne() {
        Cli r = lwsctl("resolve", " ");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("lwsctl: invalid-params: "), r::toString);
    }

    @Test
    void metricsPrintsOpenMetricsEndingInEof() throws Exception {
        Cli r = lwsctl("metrics");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().endsWith("# EOF\n"), r::toString);
        assertTrue(r.out().contains("# TYPE "), r::toString);
        String text = (String) json("metrics", "--json").get("text");
        assertTrue(text.endsWith("# EOF\n"), text);
    }

    @Test
    void watchShowsHelperEventsAndEndsWhenTheDaemonStops() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() ->
                Lwsctl.run(new PrintWriter(out), new PrintWriter(err), "watch", "--socket", socket.toString()));
        // publish until the watcher shows an event: it may subscribe after the first ones
        for (int i = 0; i < 100 && !out.toString().contains("ping: hello"); i++) {
            daemon.system().loop().submit(() -> {
                daemon.system().events().publish("test", "ping", "hello");
                return null;
            }).get(5, TimeUnit.SECONDS);
            Thread.sleep(50);
        }
        daemon.stop();
        assertEquals(0, watch.get(20, TimeUnit.SECONDS), () -> out + "\n" + err);
        String text = out.toString();
        assertTrue(text.startsWith("Watching lwsd in state OPERATIONAL (Ctrl-C to stop).\n"), text);
        assertTrue(Pattern.compile("^\\S+Z +\\+\\d+ ms  test   ping: hello$", Pattern.MULTILINE).matcher(text).find(), text);
        assertTrue(Pattern.compile("^\\S+Z +\\+\\d+ ms  state  OPERATIONAL -> CONTEXT_DESTROYING$", Pattern.MULTILINE).matcher(text).find(), text);
        assertEquals("", err.toString());
    }

    @Test
    void watchJsonStopsAfterCount() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() ->
                Lwsctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "watch", "--json", "--count", "2", "--socket", socket.toString()));
        for (int i = 0; i < 200 && !watch.isDone(); i++) {
            daemon.system().loop().submit(() -> {
                daemon.system().events().publish("test", "tick", "t");
                return null;
            }).get(5, TimeUnit.SECONDS);
            Thread.sleep(20);
        }
        assertEquals(0, watch.get(10, TimeUnit.SECONDS), out::toString);
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out::toString);
        assertEquals(Map.of("watching", true, "state", "OPERATIONAL"), Json.parse(lines.get(0)));
        for (String line : lines.subList(1, 3)) {
            Map<?, ?> event = (Map<?, ?>) Json.parse(line);
            assertEquals("test", event.get("type"));
            assertEquals("tick", event.get("kind"));
        }
    }

    @Test
    void afterTheDaemonStopsItIsExitThreeWithThePath() {
        daemon.stop();
        Cli r = lwsctl("status");
        assertEquals(3, r.exit(), r::toString);
        assertEquals("lwsctl: cannot connect to " + socket + ": No such file or directory\n", r.err());
    }

    /**
     * Another user: the 0600 socket file refuses it (exit 3); with the file opened up, the daemon's
     * SO_PEERCRED check refuses it (exit 1, permission-denied).
     */
    @Test
    void anotherUserIsRefusedByTheFileModeThenByPeerCredentials() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli byMode = UnprivilegedLwsctl.run(tmp, "status", "--socket", socket.toString());
        assertEquals(3, byMode.exit(), byMode::toString);
        assertEquals("lwsctl: cannot connect to " + socket + ": Permission denied\n", byMode.err());

        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Cli byCredentials = UnprivilegedLwsctl.run(tmp, "status", "--socket", socket.toString());
        assertEquals(1, byCredentials.exit(), byCredentials::toString);
        assertTrue(byCredentials.err().startsWith("lwsctl: permission-denied: user "), byCredentials::toString);
        assertEquals("", byCredentials.out());
    }
}
