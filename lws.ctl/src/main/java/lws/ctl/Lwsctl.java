package lws.ctl;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.CommandLineParser;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lwsctl}: inspects a running lwsd through its control socket, the way networkctl, timedatectl and
 * resolvectl inspect systemd's daemons.
 *
 * <pre>
 * lwsctl [OPTIONS] COMMAND [OPTIONS] [ARGS]
 *   COMMAND: status | watch [-n N] | apps | resolve NAME [--type T] | ntp | dhcp | dns | metrics
 *   OPTIONS: --json, --socket PATH, --timeout SECONDS, -h/--help, -V/--version
 * </pre>
 *
 * The command line is parsed in two steps by Apache Commons CLI: the options before the command name
 * (parsing stops at the first argument that is not an option: the command), then the command's own
 * command line with its options and the connection options. Options are matched by their exact name (no
 * abbreviations), so adding an option never changes the meaning of an existing command line.
 *
 * <p>Exit codes are those of {@link ExitCode}. Errors are printed on standard error as
 * {@code lwsctl: <message>}; an error reply of the daemon as {@code lwsctl: <code>: <message>}.
 *
 * <p>Threading: {@link #run} runs one command on the caller's thread; concurrent calls are independent.
 */
public final class Lwsctl {
    private static final Option HELP = Option.builder("h").longOpt("help").desc("show this help and exit").get();
    private static final Option VERSION = Option.builder("V").longOpt("version").desc("print the version and exit").get();

    /** The commands, in help order. */
    private static final Map<String, CommandSpec> COMMANDS = commands(
            CommandSpec.simple("status", "Show the system state, its history, the helpers and the apps.", StatusCommand::new),
            WatchCommand.SPEC,
            CommandSpec.simple("apps", "List the apps: status (WAITING, RUNNING, FAILED, STOPPED), start state, module, origin.",
                    AppsCommand::new),
            ResolveCommand.SPEC,
            CommandSpec.simple("ntp", "Show the NTP helper's status: per server stratum, offset, delay, jitter, poll; the selected source.",
                    HelperCommand.Ntp::new),
            CommandSpec.simple("dhcp", "Show the DHCP helper's status: interface, state, lease (address, router, DNS, NTP, T1/T2/expiry).",
                    HelperCommand.Dhcp::new),
            CommandSpec.simple("dns", "Show the DNS helper's status: servers, cache, counters.", HelperCommand.Dns::new),
            CommandSpec.simple("metrics", "Print the daemon's metrics in the OpenMetrics text format.", MetricsCommand::new));

    private static final List<String> EXIT_CODES = List.of("0  ok", "1  the daemon replied with an error", "2  usage error",
            "3  cannot connect to the daemon (or no reply in time)");

    private Lwsctl() {
    }

    private static Map<String, CommandSpec> commands(CommandSpec... specs) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        for (CommandSpec spec : specs) {
            commands.put(spec.name(), spec);
        }
        return commands;
    }

    /**
     * Process entry point.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        System.exit(run(new PrintWriter(System.out, false, System.out.charset()), new PrintWriter(System.err, true, System.err.charset()), args));
    }

    /**
     * Runs one command in-process.
     *
     * @param out standard output (flushed before returning)
     * @param err standard error (flushed before returning)
     * @param args the command line
     * @return the exit code, see {@link ExitCode}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return dispatch(out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(PrintWriter out, PrintWriter err, String[] args) {
        CommandLineParser parser = DefaultParser.builder().setAllowPartialMatching(false).setStripLeadingAndTrailingQuotes(false).get();
        Options topOptions = ConnectionOptions.addTo(new Options().addOption(HELP).addOption(VERSION));
        CommandLine top;
        try {
            top = parser.parse(topOptions, args, true);
        } catch (ParseException e) {
            return usageError(err, e.getMessage(), "lwsctl");
        }
        if (top.hasOption(HELP)) {
            Help.top(out, COMMANDS.values(), topOptions, EXIT_CODES);
            return ExitCode.OK.code();
        }
        if (top.hasOption(VERSION)) {
            out.println(version());
            return ExitCode.OK.code();
        }
        List<String> rest = top.getArgList();
        if (rest.isEmpty()) {
            err.println("lwsctl: missing command");
            Help.top(err, COMMANDS.values(), topOptions, EXIT_CODES);
            return ExitCode.USAGE.code();
        }
        CommandSpec spec = COMMANDS.get(rest.getFirst());
        if (spec == null) {
            return usageError(err, "unknown command '" + rest.getFirst() + "' (commands: " + String.join(", ", COMMANDS.keySet()) + ")", "lwsctl");
        }
        return execute(spec, top, rest.subList(1, rest.size()), parser, out, err);
    }

    private static int execute(CommandSpec spec, CommandLine top, List<String> args, CommandLineParser parser,
                               PrintWriter out, PrintWriter err) {
        Options options = ConnectionOptions.addTo(new Options().addOptions(spec.options()).addOption(HELP));
        String usageOf = "lwsctl " + spec.name();
        try {
            CommandLine line = parser.parse(options, args.toArray(String[]::new));
            if (line.hasOption(HELP)) {
                Help.command(out, spec, options);
                return ExitCode.OK.code();
            }
            checkParameters(spec, line.getArgList());
            ControlCommand command = spec.factory().apply(line);
            command.execute(ConnectionOptions.of(top, line), out);
            return ExitCode.OK.code();
        } catch (ParseException e) {
            return usageError(err, e.getMessage(), usageOf);
        } catch (CtlException e) {
            if (e.exitCode() == ExitCode.USAGE) {
                return usageError(err, e.getMessage(), usageOf);
            }
            err.println("lwsctl: " + e.getMessage());
            return e.exitCode().code();
        }
    }

    private static void checkParameters(CommandSpec spec, List<String> given) {
        List<String> expected = spec.parameters();
        if (given.size() < expected.size()) {
            throw CtlException.usage("missing " + String.join(" ", expected.subList(given.size(), expected.size())));
        }
        if (given.size() > expected.size()) {
            throw CtlException.usage("unexpected argument '" + given.get(expected.size()) + "'");
        }
    }

    private static int usageError(PrintWriter err, String message, String command) {
        err.println("lwsctl: " + message);
        err.println("Try '" + command + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    /** @return {@code --version}: the module version and the control protocol version */
    private static String version() {
        String version = Lwsctl.class.getModule().getDescriptor() == null ? "unknown"
                : Lwsctl.class.getModule().getDescriptor().rawVersion().orElse("unknown");
        return "lwsctl " + version + " (control protocol " + ControlClient.VERSION + ")";
    }
}
