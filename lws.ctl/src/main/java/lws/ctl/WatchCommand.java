package lws.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lwsctl watch}: the daemon's events (state transitions, helper events such as a DHCP lease or an NTP
 * sync) as they happen, until Ctrl-C, the daemon closes the stream, or {@code --count} events were shown.
 * The wait for events has no time limit; connecting and the first reply keep the {@code --timeout}.
 */
@Command(name = "watch", description = "Stream state transitions and helper events until Ctrl-C.")
final class WatchCommand extends ControlCommand {
    private static final Set<String> SHOWN = Set.of("type", "ms", "wall", "from", "to", "kind", "message");

    private long count = Long.MAX_VALUE;

    /**
     * @param n how many events to show before exiting
     * @throws ParameterException if negative
     */
    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "exit after N events (default: never)")
    void count(long n) {
        if (n < 0) {
            throw new ParameterException(spec.commandLine(), "--count must not be negative, not " + n);
        }
        count = n;
    }

    @Override
    String method() {
        return "watch";
    }

    @Override
    void run(ControlClient client, PrintWriter out) {
        show(client.call(method(), params()), out);
        out.flush();
        for (long shown = 0; shown < count; shown++) {
            Optional<Map<String, Object>> event = client.nextEvent();
            if (event.isEmpty()) {
                break;
            }
            out.println(connection().json() ? json(event.get()) : line(event.get()));
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
