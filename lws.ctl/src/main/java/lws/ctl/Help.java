package lws.ctl;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;

/**
 * {@code --help} text: usage line, description, commands (top level), options, exit codes, in the layout
 * of systemd's tools (Commons CLI's own formatter draws a table with a header row and trailing blanks).
 * Stateless.
 */
final class Help {
    private Help() {
    }

    /**
     * {@code lwsctl --help}.
     *
     * @param out where to print
     * @param commands the commands, in help order
     * @param options the options before the command name
     * @param exitCodes the exit codes, one line each
     */
    static void top(PrintWriter out, Collection<CommandSpec> commands, Options options, List<String> exitCodes) {
        out.println("Usage: lwsctl [OPTIONS] COMMAND [OPTIONS] [ARGS]");
        out.println("Inspect a running lwsd through its control socket.");
        out.println();
        out.println("Commands:");
        int width = commands.stream().mapToInt(c -> c.synopsis().length()).max().orElse(0);
        commands.forEach(c -> out.println("  " + c.synopsis() + " ".repeat(width - c.synopsis().length() + 2) + c.description()));
        out.println();
        out.println("Options (before or after the command):");
        options(out, options);
        out.println();
        out.println("Exit codes:");
        exitCodes.forEach(line -> out.println("  " + line));
        out.println();
        out.println("Run 'lwsctl COMMAND --help' for a command's own options.");
    }

    /**
     * {@code lwsctl COMMAND --help}.
     *
     * @param out where to print
     * @param command the command
     * @param options its options, the connection options included
     */
    static void command(PrintWriter out, CommandSpec command, Options options) {
        out.println("Usage: " + command.usage());
        out.println(command.description());
        out.println();
        out.println("Options:");
        options(out, options);
    }

    /** One line per option, {@code  -t, --type <TYPE>  the record type…}, descriptions aligned; options in declaration order. */
    private static void options(PrintWriter out, Options options) {
        List<String> names = options.getOptions().stream().map(Help::names).toList();
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        int i = 0;
        for (Option option : options.getOptions()) {
            String name = names.get(i++);
            out.println("  " + name + " ".repeat(width - name.length() + 2) + option.getDescription());
        }
    }

    /** @return {@code -t, --type <TYPE>}, {@code --json} */
    private static String names(Option option) {
        StringBuilder names = new StringBuilder();
        if (option.getOpt() != null) {
            names.append('-').append(option.getOpt()).append(option.hasLongOpt() ? ", " : "");
        }
        if (option.hasLongOpt()) {
            names.append("--").append(option.getLongOpt());
        }
        if (option.hasArg()) {
            names.append(" <").append(option.getArgName()).append('>');
        }
        return names.toString();
    }
}
