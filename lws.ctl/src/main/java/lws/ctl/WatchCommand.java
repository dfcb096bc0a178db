package lws.ctl;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lwsctl watch}: the daemon's events (state transitions, helper events such as a DHCP lease or an NTP
 * sync) as they happen, until Ctrl-C, the daemon closes the stream, or {@code --count} events were shown.
 * The wait for events has no time limit; connecting and the first reply keep the {@code --timeout}.
 */
final class WatchCommand extends ControlCommand {
    private static final Set<String> SHOWN = Set.of("type", "ms", "wall", "from", "to", "kind", "message");
    private static final Option COUNT = Option.builder("n").longOpt("count").hasArg().argName("N")
            .desc("exit after N events (default: never)").get();

    /** {@code watch [--count N]}. */
    static final CommandSpec SPEC = new CommandSpec("watch", "Stream state transitions and helper events until Ctrl-C.",
            List.of(), new Options().addOption(COUNT), WatchCommand::new);

    private final long count;

    /**
     * @param line the command's command line
     * @throws CtlException (usage) if {@code --count} is not a number of events, 0 or more
     */
    private WatchCommand(CommandLine line) {
        count = line.hasOption(COUNT) ? count(line.getOptionValue(COUNT)) : Long.MAX_VALUE;
    }

    private static long count(String text) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw CtlException.usage("--count must be a number of events, 0 or more, not " + text);
        }
        return n;
    }

    @Override
    String method() {
        return "watch";
    }

    @Override
    void run(ControlClient client, PrintWriter out, boolean json) {
        show(client.call(method(), params()), out, json);
        out.flush();
        for (long shown = 0; shown < count; shown++) {
            Optional<Map<String, Object>> event = client.nextEvent();
            if (event.isEmpty()) {
                break;
            }
            out.println(json ? json(event.get()) : line(event.get()));
            out.flush();
        }
    }

    /** JSON lines: the reply's result, then one event per line. */
    @Override
    String json(Object value) {
        return Json.compact(value);
    }

    @Override
    void print(Map<String, Object> result, PrintWriter out) {
        out.println("Watching lwsd in state " + Fields.text(result, "state") + " (Ctrl-C to stop).");
    }

    /**
     * @param event an event object
     * @return one line: wall time, ms since start, type, then {@code from -> to} for a state transition or
     *         {@code kind: message} for a helper event, then any other member as {@code key=value}
     */
    static String line(Map<String, Object> event) {
        StringBuilder line = new StringBuilder();
        line.append(Fields.text(event, "wall")).append(' ');
        line.append(String.format("%9s", "+" + Fields.number(event, "ms", 0) + " ms")).append("  ");
        line.append(String.format("%-6s", Fields.text(event, "type"))).append(' ');
        if (event.containsKey("from") || event.containsKey("to")) {
            line.append(Fields.text(event, "from")).append(" -> ").append(Fields.text(event, "to"));
        } else {
            line.append(Fields.text(event, "kind")).append(": ").append(Fields.text(event, "message"));
        }
        event.forEach((key, value) -> {
            if (!SHOWN.contains(key)) {
                line.append(' ').append(key).append('=').append(Json.compact(value));
            }
        });
        return line.toString().stripTrailing();
    }
}
