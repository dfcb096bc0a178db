package lws.launcher;

import lws.ctl.ExitCode;
import lws.ctl.Lwsctl;
import lws.system.Lwsd;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AOT training run of the image ({@code jlink/train-aot.sh} starts it with {@code -XX:AOTCacheOutput}):
 * what the cache holds is what this run loads and links. lwsd runs as {@code bin/lwsd} runs it
 * ({@link Lwsd#run}, on the default profile plus the given arguments, with a control socket in a fresh
 * directory and the echo app on a free port), every lwsctl command is run against it in-process, then
 * lwsd gets SIGTERM and stops as it does in production.
 *
 * <p>Deterministic and network-free: the default profile configures no DHCP and no NTP server, the DNS
 * server is set to loopback, and no command here resolves a name. Bounded: OPERATIONAL within 20 s, lwsd stopped within 10 s.
 *
 * <p>Threading: lwsd runs on its own thread; the commands on the caller's.
 */
final class AotTraining {
    private static final int POLLS = 400;
    private static final long POLL_MILLIS = 50;

    private AotTraining() {
    }

    /**
     * @param lwsdArgs extra lwsd arguments (for example {@code --set key=value})
     * @return 0, or 1 with the reason on standard error if lwsd did not come up, a command could not reach
     *         it, or lwsd did not stop cleanly
     */
    static int run(String... lwsdArgs) {
        try {
            return train(lwsdArgs);
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("aot-training: " + e);
            return 1;
        }
    }

    private static int train(String... lwsdArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lwsd-aot-training");
        String socket = dir.resolve("control.sock").toString();
        // servers set explicitly, on loopback: the training never reads the host's resolv.conf servers
        List<String> args = new ArrayList<>(List.of("--set", "control.socket=" + socket, "--set", "echo.port=0",
                "--set", "dns.servers=127.0.0.1:53"));
        args.addAll(List.of(lwsdArgs));
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        AtomicInteger lwsdExit = new AtomicInteger(-1);
        Thread lwsd = Thread.ofPlatform().name("aot-training-lwsd")
                .start(() -> lwsdExit.set(Lwsd.run(out, err, args.toArray(String[]::new))));
        try {
            if (!awaitOperational(socket)) {
                err.println("aot-training: lwsd did not reach OPERATIONAL within " + POLLS * POLL_MILLIS + " ms");
                return 1;
            }
            for (List<String> command : commands(socket)) {
                int exit = Lwsctl.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                        command.toArray(String[]::new));
                if (exit == ExitCode.UNREACHABLE.code()) {
                    err.println("aot-training: lwsctl " + String.join(" ", command) + " could not reach lwsd");
                    return 1;
                }
            }
        } finally {
            signalTerm();
            lwsd.join(TimeUnit.SECONDS.toMillis(10));
            Files.deleteIfExists(Path.of(socket));
            Files.deleteIfExists(dir);
        }
        if (lwsd.isAlive() || lwsdExit.get() != 0) {
            err.println("aot-training: lwsd did not stop cleanly on SIGTERM (exit " + lwsdExit.get() + ")");
            return 1;
        }
        return 0;
    }

    private static boolean awaitOperational(String socket) throws InterruptedException {
        for (int i = 0; i < POLLS; i++) {
            StringWriter status = new StringWriter();
            int exit = Lwsctl.run(new PrintWriter(status), new PrintWriter(Writer.nullWriter()), "--socket", socket, "status");
            if (exit == ExitCode.OK.code() && status.toString().contains("OPERATIONAL")) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    /** @return every lwsctl command that ends by itself, human and JSON output, help and a usage error */
    private static List<List<String>> commands(String socket) {
        List<List<String>> commands = new ArrayList<>();
        for (String command : List.of("status", "apps", "dns", "ntp", "dhcp", "metrics")) {
            commands.add(List.of(command, "--socket", socket));
            commands.add(List.of("--socket", socket, "--json", command));
        }
        commands.add(List.of("watch", "--count", "0", "--socket", socket));
        commands.add(List.of("--help"));
        commands.add(List.of("status", "--help"));
        commands.add(List.of("--version"));
        commands.add(List.of("frob"));
        return commands;
    }

    /** SIGTERM to this process, as systemd sends it: lwsd's own handler stops it and {@link Lwsd#run} returns. */
    private static void signalTerm() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
        }
    }
}
