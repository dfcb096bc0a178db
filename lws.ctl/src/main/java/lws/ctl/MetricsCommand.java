package lws.ctl;

import java.io.PrintWriter;
import java.util.Map;

/** {@code lwsctl metrics}: the OpenMetrics text, as the optional HTTP endpoint serves it. */
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
