package lws.ctl;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes 2 (usage) and 3 (cannot connect: no socket, permission denied, not a socket). */
@Timeout(60)
class LwsctlErrorPathTest {
    @TempDir
    Path dir;

    @Test
    void noSocketIsExitThreeNamingThePathAndTheReason() {
        Path missing = dir.resolve("absent.sock");
        for (String command : List.of("status", "watch", "apps", "ntp", "dhcp", "dns", "metrics")) {
            Cli r = Cli.run(command, "--socket", missing.toString());
            assertEquals(3, r.exit(), r::toString);
            assertEquals("lwsctl: cannot connect to " + missing + ": No such file or directory\n", r.err(), command);
            assertEquals("", r.out());
        }
        Cli r = Cli.run("resolve", "www.test", "--socket", missing.toString());
        assertEquals(3, r.exit(), r::toString);
    }

    @Test
    void aFileThatIsNotListeningIsExitThree() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.sock"), "not a socket");
        Cli r = Cli.run("status", "--socket", plain.toString());
        assertEquals(3, r.exit(), r::toString);
        assertEquals("lwsctl: cannot connect to " + plain + ": Connection refused\n", r.err());
    }

    @Test
    void badUsageIsExitTwoWithAHint() {
        List<List<String>> bad = List.of(List.of(), List.of("frob"), List.of("status", "--bogus"), List.of("resolve"),
                List.of("resolve", "a.test", "b.test"), List.of("status", "--timeout", "-1"),
                List.of("status", "--timeout", "soon"), List.of("watch", "--count", "-2"), List.of("status", "--socket"));
        for (List<String> args : bad) {
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), () -> args + "\n" + r);
            assertTrue(r.err().startsWith("lwsctl: "), () -> args + "\n" + r);
            assertEquals("", r.out(), () -> args.toString());
        }
        assertTrue(Cli.run("frob").err().contains("Try 'lwsctl --help'"));
        assertTrue(Cli.run("status", "--bogus").err().contains("Try 'lwsctl status --help'"));
    }

    @Test
    void helpAndVersionAreExitZero() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.exit(), help::toString);
        for (String command : List.of("status", "watch", "apps", "resolve", "ntp", "dhcp", "dns", "metrics")) {
            assertTrue(help.out().contains("\n  " + command + " "), command);
            Cli sub = Cli.run(command, "--help");
            assertEquals(0, sub.exit(), sub::toString);
            assertTrue(sub.out().contains("--socket=PATH") && sub.out().contains("--json"), sub::toString);
        }
        Cli version = Cli.run("--version");
        assertEquals(0, version.exit(), version::toString);
        assertTrue(version.out().startsWith("lwsctl "), version::toString);
    }

    /**
     * A socket the user may not write to. Root bypasses file permissions, so as root the check runs lwsctl
     * in a child JVM as uid/gid 65534 (setpriv); as another user it runs in-process on a 0000 socket.
     */
    @Test
    void permissionDeniedIsExitThreeWithTheReason() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (FakeControlServer server = FakeControlServer.start(dir.resolve("ctl.sock"))) {
            server.result("status", "{\"state\": \"OPERATIONAL\"}");
            Path socket = server.path();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));
            String expected = "lwsctl: cannot connect to " + socket + ": Permission denied";
            if (!"root".equals(System.getProperty("user.name"))) {
                Cli r = Cli.run("status", "--socket", socket.toString());
                assertEquals(3, r.exit(), r::toString);
                assertEquals(expected + "\n", r.err());
                return;
            }
            Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable)
                    .findFirst().orElse(null);
            if (setpriv == null) {
                abortUnlessCi("setpriv (util-linux) is needed to run lwsctl as an unprivileged user");
            }
            List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-p", unprivilegedModulePath(), "-m", "lws.ctl/lws.ctl.Lwsctl",
                    "status", "--socket", socket.toString()));
            Process child = new ProcessBuilder(command).directory(dir.toFile()).start();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "lwsctl as uid 65534 did not finish");
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, child.exitValue(), () -> "out: " + out + "\nerr: " + err);
            assertEquals(expected + "\n", err);
            assertTrue(server.requests().isEmpty());
        }
    }

    /** Copies lws.ctl's classes, picocli and jackson-core where uid 65534 can read them (not under /root). */
    private String unprivilegedModulePath() throws IOException, URISyntaxException {
        Path modules = Files.createDirectory(dir.resolve("modules"));
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(Lwsctl.class, CommandLine.class, JsonFactory.class)) {
            Path source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = modules.resolve(c.getModule().getName() + (Files.isDirectory(source) ? "" : ".jar"));
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, target.resolve(source.relativize(f).toString()));
                    }
                }
            } else {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(modules)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    static void abortUnlessCi(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + reason);
        }
        Assumptions.abort(reason);
    }
}
