package lws.it;

import lws.app.api.SystemState;
import lws.system.AppInfo;
import lws.system.ExitCode;
import lws.system.LaunchException;
import lws.system.Lwsd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class DaemonTest {
    private static final String PLUGINS = System.getProperty("lws.it.plugins");

    @TempDir
    Path tmp;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Lwsd launch(String... extra) throws LaunchException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = java.util.Arrays.copyOf(extra, extra.length + 2);
        args[extra.length] = "--set";
        args[extra.length + 1] = "control.socket=" + tmp.resolve("ctl-" + System.nanoTime() + ".sock");
        return Lwsd.launch(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static Map<String, AppInfo> apps(Lwsd daemon) {
        return daemon.apps().apps().stream().collect(Collectors.toMap(AppInfo::name, Function.identity()));
    }

    @Test
    void defaultProfileReachesOperationalServesEchoFromThePluginDirectoryAndStopsCleanly() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        Lwsd daemon = launch("--set", "plugins.dir=" + PLUGINS, "--set", "echo.port=" + port);
        try {
            assertTrue(daemon.awaitState(SystemState.OPERATIONAL, Duration.ofSeconds(5)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "OPERATIONAL in about a second");
            List<SystemState> passed = daemon.system().states().history().stream().map(t -> t.to()).toList();
            assertEquals(List.of(SystemState.values()).subList(1, SystemState.OPERATIONAL.ordinal() + 1), passed);

            Map<String, AppInfo> apps = apps(daemon);
            AppInfo echo = apps.get("echo");
            assertEquals(AppInfo.Status.RUNNING, echo.status());
            assertEquals("lws.example.echo", echo.module());
            assertTrue(echo.origin().startsWith(PLUGINS), "loaded from the plug-in directory: " + echo.origin());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                byte[] hello = "hello over tcp".getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(hello);
                assertArrayEquals(hello, s.getInputStream().readNBytes(hello.length));
            }
            try (DatagramChannel udp = DatagramChannel.open()) {
                udp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                udp.socket().setSoTimeout(5000);
                udp.write(ByteBuffer.wrap("hello over udp".getBytes(StandardCharsets.UTF_8)));
                ByteBuffer reply = ByteBuffer.allocate(64);
                udp.read(reply);
                assertEquals("hello over udp", new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
            }
        } finally {
            daemon.stop();
        }
        assertTrue(daemon.system().loop().isTerminated(), "stop is clean: the loop terminated");
        assertEquals(SystemState.CONTEXT_DESTROYING, daemon.system().state());
        assertEquals(AppInfo.Status.STOPPED, apps(daemon).get("echo").status());
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the echo port is released");
    }

    @Test
    void anAppThatThrowsInStartIsFailedAndTheSystemStillReachesOperational() throws Exception {
        Lwsd daemon = launch("--set", "echo.port=0", "--set", "plugins.dir=" + PLUGINS);
        try {
            assertTrue(daemon.awaitState(SystemState.OPERATIONAL, Duration.ofSeconds(5)));
            daemon.system().loop().submit(() -> null).get(); // the app starts run before this task
            AppInfo failing = apps(daemon).get("failing");
            assertEquals(AppInfo.Status.FAILED, failing.status());
            assertTrue(failing.reason().contains("deliberate failure at OPERATIONAL"), failing.reason());
            assertEquals("boot layer", failing.origin());
            assertEquals(AppInfo.Status.RUNNING, apps(daemon).get("echo").status());
            assertEquals(SystemState.OPERATIONAL, daemon.system().state());
        } finally {
            daemon.stop();
        }
    }

    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        int code = Lwsd.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Outcome(code, err.toString().strip());
    }

    @Test
    void unknownKeyExitsTwoNamingTheKey() {
        Outcome o = run("--set", "no.such.key=1");
        assertEquals(ExitCode.USAGE.code(), o.code());
        assertTrue(o.err().startsWith("lwsd: unknown configuration key 'no.such.key'"), o.err());
        assertEquals(1, o.err().lines().count(), "one line");
    }

    @Test
    void badValueExitsTwoNamingTheKeyAndTheAcceptedValues() {
        Outcome o = run("--set", "time.policy=sundial");
        assertEquals(2, o.code());
        assertEquals("lwsd: bad value 'sundial' for time.policy: expected host | ntp", o.err());
        Outcome d = run("--set", "loop.stall-threshold=soon");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("loop.stall-threshold") && d.err().contains("a duration"), d.err());
        Outcome s = run("--set", "dns.servers=127.0.0.1:99999");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("dns.servers"), s.err());
    }

    @Test
    void configFileErrorsNameTheFileLineAndKey() throws Exception {
        Path conf = tmp.resolve("lwsd.conf");
        Files.writeString(conf, "# comment\ntime.policy = host\n\nloop.stall-threshold: 5s\n");
        Outcome o = run("--config", conf.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains(conf + ":4"), o.err());
        Files.writeString(conf, "time.policy = never\n");
        assertTrue(run("--config", conf.toString()).err().contains("time.policy"));
        Outcome missing = run("--config", tmp.resolve("absent.conf").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("absent.conf"), missing.err());
    }

    @Test
    void unknownArgumentExitsTwoWithUsage() {
        Outcome o = run("--frobnicate");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("unknown argument '--frobnicate'") && o.err().contains("usage: lwsd"), o.err());
    }

    @Test
    void appKeysAreAcceptedOnlyForLoadedApps() {
        Outcome o = run("--set", "nosuchapp.port=1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("'nosuchapp.port'"), o.err());
    }

    @Test
    void aRequiredPluginThatDidNotLoadStopsStartUp() throws Exception {
        Path dir = tmp.resolve("plugins");
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/not-a-module.jar"), "this is not a jar");
        Outcome o = run("--set", "plugins.dir=" + dir, "--set", "plugins.required=echo,failing",
                "--set", "control.socket=" + tmp.resolve("req.sock"));
        assertEquals(ExitCode.FAILURE.code(), o.code());
        assertTrue(o.err().contains("required app(s) not loaded: echo"), o.err());
        assertTrue(o.err().contains("broken"), "the broken plug-in and its reason are named: " + o.err());
    }

    @Test
    void forkedDaemonExitsZeroOnSigtermWithinFiveSeconds() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("lwsd.log");
        Process p = new ProcessBuilder(java.toString(), "-p", modulePath, "-m", "lws.system/lws.system.Lwsd",
                "--set", "plugins.dir=" + PLUGINS, "--set", "echo.port=0", "--set", "control.socket=" + tmp.resolve("fork.sock"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(log).contains("state OPERATIONAL") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(log).contains("state OPERATIONAL"), Files.readString(log));
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "exited within 5 s");
            assertEquals(0, p.exitValue(), Files.readString(log));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
            String output = Files.readString(log);
            assertTrue(output.contains("state CONTEXT_DESTROYING"), output);
            assertTrue(output.indexOf("app echo stopped") > output.indexOf("state CONTEXT_DESTROYING"), output);
        } finally {
            p.destroyForcibly();
            try (InputStream ignored = p.getInputStream()) {
                p.waitFor();
            }
        }
    }
}
