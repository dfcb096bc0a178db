package lws.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

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
        // picocli takes no command name as an option's value, whichever commands are built
        Cli valueNotCommand = Cli.run("--socket", "status");
        assertEquals(2, valueNotCommand.exit(), valueNotCommand::toString);
        assertEquals("lwsctl: Expected parameter for option '--socket' but found 'status'\n"
                + "Try 'lwsctl --help' for more information.\n", valueNotCommand.err());
        Cli missing = Cli.run("--json");
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.err().startsWith("lwsctl: missing command\n"), missing::toString);
        for (String command : List.of("status", "watch", "apps", "resolve", "ntp", "dhcp", "dns", "metrics")) {
            assertTrue(missing.err().contains("\n  " + command + " "), command);
        }
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
     * A socket the user may not write to. Root bypasses file permissions, so as root lwsctl runs in a child
     * JVM as uid 65534; as another user it runs in-process on a 0000 socket.
     */
    @Test
    void permissionDeniedIsExitThreeWithTheReason() throws Exception {
        try (FakeControlServer server = FakeControlServer.start(dir.resolve("ctl.sock"))) {
            server.result("status", "{\"state\": \"OPERATIONAL\"}");
            Path socket = server.path();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));
            Cli r = UnprivilegedLwsctl.available()
                    ? UnprivilegedLwsctl.run(dir, "status", "--socket", socket.toString())
                    : Cli.run("status", "--socket", socket.toString());
            assertEquals(3, r.exit(), r::toString);
            assertEquals("lwsctl: cannot connect to " + socket + ": Permission denied\n", r.err());
            assertTrue(server.requests().isEmpty());
        }
    }
}
