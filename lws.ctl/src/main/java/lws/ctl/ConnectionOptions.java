package lws.ctl;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;

/** The options every command takes ({@code --socket}, {@code --json}, {@code --timeout}): a mixin of the top-level command, inherited by every subcommand. */
final class ConnectionOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "the control socket (default: $LWSD_SOCKET, else /run/lwsd/control.sock as root, "
                    + "else $XDG_RUNTIME_DIR/lwsd.sock, else ./lwsd.sock)")
    private Path socket;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the reply's result as JSON")
    private boolean json;

    private Duration timeout = Duration.ofSeconds(10);

    /**
     * @param seconds the longest wait for the connection and for each reply
     * @throws ParameterException if not a positive number
     */
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", scope = ScopeType.INHERIT,
            description = "the longest wait for the daemon, in seconds (default: ${DEFAULT-VALUE})")
    void timeout(double seconds) {
        if (!(seconds > 0) || seconds > Duration.ofDays(1).toSeconds()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be a number of seconds in (0, 86400], not " + seconds);
        }
        timeout = Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** @return the socket to connect to: {@code --socket}, else {@link SocketPaths#defaultPath()} */
    Path socket() {
        return socket != null ? socket : SocketPaths.defaultPath();
    }

    /** @return true if the result is to be printed as JSON */
    boolean json() {
        return json;
    }

    /** @return the longest wait for the connection and for each reply */
    Duration timeout() {
        return timeout;
    }
}
