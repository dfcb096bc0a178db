package lws.imageit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the built image's launchers as a user would. */
@Timeout(120)
class ImageTest {
    private static final Path IMAGE = Path.of(System.getProperty("lws.image"));

    @TempDir
    Path tmp;

    /** A started lwsd from the image, with its output in a file. */
    private record Daemon(Process process, Path log) implements AutoCloseable {
        String output() throws IOException {
            return Files.readString(log);
        }

        void awaitLine(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("no '" + text + "' in lwsd output:\n" + output());
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Starts the image's lwsd; its DNS server is always set, on loopback (never the host's resolv.conf). */
    private Daemon start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(IMAGE.resolve("bin/lwsd").toString(), "--set", "dns.servers=127.0.0.1:53"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "lwsd", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Daemon(pb.start(), log);
    }

    private record Run(int code, String out) {
    }

    private static Run lwsctl(String... args) throws Exception {
        return lwsctl(Map.of(), args);
    }

    private static Run lwsctl(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(IMAGE.resolve("bin/lwsctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void imageHasLaunchersConfigUnitPluginsAotCacheAndArchive() throws IOException {
        for (String launcher : List.of("bin/lwsd", "bin/lwsctl")) {
            assertTrue(Files.isExecutable(IMAGE.resolve(launcher)), launcher);
        }
        assertTrue(Files.readString(IMAGE.resolve("etc/lwsd.conf")).contains("time.policy = ntp"));
        String unit = Files.readString(IMAGE.resolve("etc/systemd/lwsd.service"));
        assertTrue(unit.contains("Type=notify") && unit.contains("WatchdogSec="), unit);
        try (Stream<Path> plugins = Files.list(IMAGE.resolve("plugins"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().startsWith("lws.example.echo")));
        }
        assertTrue(Files.size(IMAGE.resolve("lib/server/classes.jsa")) > 1_000_000, "AOT cache present");
        try (Stream<Path> archives = Files.list(Path.of(System.getProperty("lws.archive.dir")))) {
            assertTrue(archives.anyMatch(p -> p.toString().endsWith("-linux-x64.tar.gz")));
        }
    }

    @Test
    void lwsdReachesOperationalLwsctlReportsItAndSigtermStopsWithExitZero() throws Exception {
        Path socket = tmp.resolve("ctl.sock");
        try (Daemon lwsd = start(Map.of(), "--set", "control.socket=" + socket, "--set", "echo.port=0")) {
            lwsd.awaitLine("state OPERATIONAL", Duration.ofSeconds(30));
            Run status = lwsctl("--socket", socket.toString(), "status", "--json");
            assertEquals(0, status.code(), status.out());
            assertEquals("OPERATIONAL", topLevelString(status.out(), "state"), status.out());
            Run apps = lwsctl("--socket", socket.toString(), "apps");
            assertEquals(0, apps.code(), apps.out());
            assertTrue(apps.out().contains("echo") && apps.out().contains("RUNNING"), apps.out());

            long t0 = System.nanoTime();
            lwsd.process().destroy(); // SIGTERM
            assertTrue(lwsd.process().waitFor(5, TimeUnit.SECONDS), "stopped within 5 s:\n" + lwsd.output());
            assertEquals(0, lwsd.process().exitValue(), lwsd.output());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
            assertTrue(Files.notExists(socket), "control socket removed");
        }
        Run gone = lwsctl("--socket", socket.toString(), "status");
        assertEquals(3, gone.code(), "cannot connect: " + gone.out());
        assertTrue(gone.out().contains(socket.toString()), gone.out());
    }

    @Test
    void theLauncherUsesTheAotCacheWithoutFlags() throws Exception {
        try (Daemon lwsd = start(Map.of("LWSD_JAVA_OPTS", "-Xlog:aot=info"),
                "--set", "control.socket=" + tmp.resolve("aot.sock"), "--set", "echo.port=0")) {
            lwsd.awaitLine("state OPERATIONAL", Duration.ofSeconds(30));
            String out = lwsd.output();
            assertTrue(out.contains("Using AOT-linked classes: true"), out);
        }
    }

    /** lwsctl's launcher shares lwsd's cache: with AOTMode=on the JVM refuses to start if it cannot use it. */
    @Test
    void lwsctlUsesTheSameAotCache() throws Exception {
        String cache = IMAGE.resolve("lib/server/classes.jsa").toString();
        Run version = lwsctl(Map.of("JDK_JAVA_OPTIONS", "-XX:AOTCache=" + cache + " -XX:AOTMode=on"), "--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().contains("lwsctl 0."), version.out());
        Run refused = lwsctl(Map.of("JDK_JAVA_OPTIONS", "-XX:AOTCache=" + cache + " -XX:AOTMode=on --add-modules=jdk.net"), "--version");
        assertTrue(refused.code() != 0, "a changed module option makes the cache unusable, and AOTMode=on says so: " + refused.out());
    }

    @Test
    void theShippedApplianceProfileIsValidAndHoldsTimeValidWithoutNtp() throws Exception {
        Path socket = tmp.resolve("appliance.sock");
        // The profile names eth0; skip DHCP here (no such interface in a test) and keep everything else.
        try (Daemon lwsd = start(Map.of(), "--config", IMAGE.resolve("etc/lwsd.conf").toString(),
                "--set", "dhcp.interface=", "--set", "dhcp.lease-dir=" + tmp, "--set", "control.socket=" + socket,
                "--set", "echo.port=0")) {
            lwsd.awaitLine("state CPD_PRE_TIME", Duration.ofSeconds(30));
            Run status = lwsctl("--socket", socket.toString(), "status", "--json");
            assertEquals(0, status.code(), status.out());
            assertEquals("CPD_PRE_TIME", topLevelString(status.out(), "state"), "time.policy=ntp with no server holds TIME_VALID");
            assertEquals("ntp", topLevelString(status.out(), "heldBy"), status.out());
        }
    }

    /** Reads one top-level string field of a JSON object. */
    private static String topLevelString(String json, String field) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        }
    }
}
