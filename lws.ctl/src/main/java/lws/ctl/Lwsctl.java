package lws.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code lwsctl}: inspects a running lwsd through its control socket, the way networkctl, timedatectl and
 * resolvectl inspect systemd's daemons.
 *
 * <pre>
 * lwsctl status | watch | apps | resolve NAME [--type T] | ntp | dhcp | dns | metrics
 *        [--json] [--socket PATH] [--timeout SECONDS]
 * </pre>
 *
 * Exit codes are those of {@link ExitCode}. Errors are printed on standard error as
 * {@code lwsctl: <message>}; an error reply of the daemon as {@code lwsctl: <code>: <message>}.
 *
 * <p>Threading: {@link #run} runs one command on the caller's thread; concurrent calls are independent.
 */
@Command(name = "lwsctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Lwsctl.Version.class,
        description = "Inspect a running lwsd through its control socket.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the daemon replied with an error", "2:usage error",
                "3:cannot connect to the daemon (or no reply in time)"})
public final class Lwsctl implements Callable<Integer> {
    /**
     * The commands, in help order. Each picocli {@link CommandLine} costs milliseconds to build (its own
     * converter registry, annotation reflection), so {@link #run} builds only the commands whose names occur
     * among the arguments: picocli can select a subcommand only by its name (no abbreviations, no aliases),
     * so the parse is the same as with all of them. Help, and a command line naming none (usage, typos),
     * get all of them.
     */
    private static final Map<String, Supplier<ControlCommand>> COMMANDS = commands();

    private static Map<String, Supplier<ControlCommand>> commands() {
        Map<String, Supplier<ControlCommand>> commands = new LinkedHashMap<>();
        commands.put("status", StatusCommand::new);
        commands.put("watch", WatchCommand::new);
        commands.put("apps", AppsCommand::new);
        commands.put("resolve", ResolveCommand::new);
        commands.put("ntp", HelperCommand.Ntp::new);
        commands.put("dhcp", HelperCommand.Dhcp::new);
        commands.put("dns", HelperCommand.Dns::new);
        commands.put("metrics", MetricsCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    /** The top-level command; {@link #run} makes one per command line. */
    Lwsctl() {
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
        List<String> given = List.of(args);
        boolean all = given.contains("-h") || given.contains("--help") || given.stream().noneMatch(COMMANDS::containsKey);
        CommandLine commandLine = commandLine(name -> all || given.contains(name));
        try {
            return commandLine
                    .setOut(out)
                    .setErr(err)
                    .setParameterExceptionHandler(Lwsctl::usageError)
                    .setExecutionExceptionHandler((e, failed, parsed) -> failure(e, err))
                    .execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine(Predicate<String> included) {
        CommandLine commandLine = new CommandLine(new Lwsctl());
        COMMANDS.forEach((name, command) -> {
            if (included.test(name)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        return commandLine;
    }

    /** @return {@code --socket}, {@code --json}, {@code --timeout}, wherever they were given */
    ConnectionOptions connection() {
        return connection;
    }

    /** Without a command: the usage on standard error, exit code 2. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lwsctl: missing command");
        spec.commandLine().usage(err); // no command named: all of them are registered
        return ExitCode.USAGE.code();
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("lwsctl: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    private static int failure(Exception e, PrintWriter err) throws Exception {
        if (e instanceof CtlException failure) {
            err.println("lwsctl: " + failure.getMessage());
            return failure.exitCode().code();
        }
        throw e;
    }

    /** {@code --version}: the module version and the control protocol version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lwsctl.class.getModule().getDescriptor() == null ? "unknown"
                    : Lwsctl.class.getModule().getDescriptor().rawVersion().orElse("unknown");
            return new String[] {"lwsctl " + version + " (control protocol " + ControlClient.VERSION + ")"};
        }
    }
}
