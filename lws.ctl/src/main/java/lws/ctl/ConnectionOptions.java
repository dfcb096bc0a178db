package lws.ctl;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The options every command takes ({@code --socket}, {@code --json}, {@code --timeout}). They go before or
 * after the command name ({@code lwsctl --socket S status} = {@code lwsctl status --socket S}); given in both
 * places, the one after the command wins.
 *
 * @param socket the control socket to connect to
 * @param json true if the result is to be printed as JSON
 * @param timeout the longest wait for the connection and for each reply
 */
record ConnectionOptions(Path socket, boolean json, Duration timeout) {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Option SOCKET = Option.builder().longOpt("socket").hasArg().argName("PATH")
            .desc("the control socket (default: $LWSD_SOCKET, else /run/lwsd/control.sock as root, "
                    + "else $XDG_RUNTIME_DIR/lwsd.sock, else ./lwsd.sock)").get();
    private static final Option JSON = Option.builder().longOpt("json").desc("print the reply's result as JSON").get();
    private static final Option TIMEOUT = Option.builder().longOpt("timeout").hasArg().argName("SECONDS")
            .desc("the longest wait for the daemon, in seconds (default: " + DEFAULT_TIMEOUT.toSeconds() + ")").get();

    /**
     * @param options the options to add {@code --socket}, {@code --json} and {@code --timeout} to
     * @return {@code options}
     */
    static Options addTo(Options options) {
        return options.addOption(SOCKET).addOption(JSON).addOption(TIMEOUT);
    }

    /**
     * @param before the command line before the command name
     * @param after the command's own command line
     * @return the options, those after the command name winning
     * @throws CtlException (usage) for a timeout that is not a number of seconds in (0, 86400]
     */
    static ConnectionOptions of(CommandLine before, CommandLine after) {
        String socket = after.getOptionValue(SOCKET, before.getOptionValue(SOCKET));
        String timeout = after.getOptionValue(TIMEOUT, before.getOptionValue(TIMEOUT));
        return new ConnectionOptions(socket != null ? Path.of(socket) : SocketPaths.defaultPath(),
                before.hasOption(JSON) || after.hasOption(JSON),
                timeout != null ? timeout(timeout) : DEFAULT_TIMEOUT);
    }

    private static Duration timeout(String text) {
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || seconds > Duration.ofDays(1).toSeconds()) {
            throw CtlException.usage("--timeout must be a number of seconds in (0, 86400], not " + text);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
