package lws.ctl;

import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/** {@code lwsctl metrics}: the OpenMetrics text, as the optional HTTP endpoint serves it. */
@Command(name = "metrics", description = "Print the daemon's metrics in the OpenMetrics text format.")
final class MetricsCommand extends ControlCommand {
    @Override
    String method() {
        return "metrics";
    }

    @Override
    void print(Map<String, Object> result, PrintWriter out) {
        String text = Fields.text(result, "text");
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
    }
}
