package lws.ctl;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Assumptions;
import org.apache.commons.cli.Options;

import java.io.File;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs lwsctl in a child JVM as uid/gid 65534 (through util-linux {@code setpriv}): root bypasses socket
 * file modes, so permission tests need another user. Needs root; without it, or without setpriv, the test
 * is aborted (failed when {@code CI=true}).
 */
final class UnprivilegedLwsctl {
    /** The uid and gid the child runs as ("nobody" on Debian). */
    static final int ID = 65534;

    private UnprivilegedLwsctl() {
    }

    /** @return true if this JVM runs as root, so that it can start a child as another user */
    static boolean available() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param scratch a directory for the copied module path (made world-readable)
     * @param args lwsctl's arguments
     * @return the child's exit code and output
     */
    static Cli run(Path scratch, String... args) throws IOException, InterruptedException, URISyntaxException {
        if (!available()) {
            abortUnlessCi("running lwsctl as another user needs root");
        }
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (setpriv == null) {
            abortUnlessCi("setpriv (util-linux) is needed to run lwsctl as an unprivileged user");
        }
        List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + ID, "--regid=" + ID,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-p", modulePath(scratch), "-m", "lws.ctl/lws.ctl.Lwsctl"));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).directory(scratch.toFile()).start();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "lwsctl as uid " + ID + " did not finish");
        return new Cli(child.exitValue(), new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Copies lws.ctl's classes, Commons CLI and jackson-core where uid 65534 can read them (not under /root). */
    private static String modulePath(Path scratch) throws IOException, URISyntaxException {
        Path modules = Files.createTempDirectory(scratch, "modules");
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(Lwsctl.class, Options.class, JsonFactory.class)) {
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
        try (Stream<Path> all = Stream.concat(Stream.of(scratch), Files.walk(modules))) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static void abortUnlessCi(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + reason);
        }
        Assumptions.abort(reason);
    }
}
