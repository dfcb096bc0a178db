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
        Cli unknown = Cli.run("frob");
        assertEquals("lwsctl: unknown command 'frob' (commands: status, watch, apps, resolve, ntp, dhcp, dns, metrics)\n"
                + "Try 'lwsctl --help' for more information.\n", unknown.err());
        Cli badOption = Cli.run("status", "--bogus");
        assertEquals("lwsctl: Unrecognized option: --bogus\nTry 'lwsctl status --help' for more information.\n", badOption.err());
        // no abbreviations: --js is not --json
        assertEquals(2, Cli.run("status", "--js").exit());
        Cli extra = Cli.run("resolve", "a.test", "b.test");
        assertEquals("lwsctl: unexpected argument 'b.test'\nTry 'lwsctl resolve --help' for more information.\n", extra.err());
        assertTrue(Cli.run("resolve").err().startsWith("lwsctl: missing NAME\n"));
        assertTrue(Cli.run("watch", "--count", "-2").err().startsWith("lwsctl: --count must be a number of events, 0 or more, not -2\n"));
        assertTrue(Cli.run("status", "--timeout", "soon").err().startsWith("lwsctl: --timeout must be a number of seconds in (0, 86400], not soon\n"));
        // an option's value is taken as given, even a command's name: then no command is left
        Cli valueNotCommand = Cli.run("--socket", "status");
        assertEquals(2, valueNotCommand.exit(), valueNotCommand::toString);
        assertTrue(valueNotCommand.err().startsWith("lwsctl: missing command\n"), valueNotCommand::toString);
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
            assertTrue(sub.out().startsWith("Usage: lwsctl " + command + " [OPTIONS]"), sub::toString);
            assertTrue(sub.out().contains("--socket <PATH>") && sub.out().contains("--json"), sub::toString);
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
