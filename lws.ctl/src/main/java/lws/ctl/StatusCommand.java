package lws.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code lwsctl status}: state, time in state, holds, history, helpers, apps, network and time. */
final class StatusCommand extends ControlCommand {
    @Override
    String method() {
        return "status";
    }

    @Override
    void print(Map<String, Object> result, PrintWriter out) {
        String heldBy = Fields.text(result, "heldBy");
        Block block = new Block()
                .add("State", Fields.text(result, "state") + (heldBy.isEmpty() ? "" : ", held by " + heldBy))
                .add("In state", Durations.human(Fields.number(result, "stateSinceMs", 0)))
                .add("Uptime", Durations.human(Fields.number(result, "uptimeMs", 0)))
                .add("Holds", holds(result))
                .add("History", history(result))
                .add("Helpers", helpers(result))
                .add("Apps", apps(result));
        if (result.get("network") instanceof Map<?, ?> network) {
            block.add("Network", Block.lines(network));
        }
        if (result.get("time") instanceof Map<?, ?> time) {
            block.add("Time", Block.lines(time));
        }
        block.print(out);
    }

    private static List<String> holds(Map<String, Object> result) {
        return Fields.objects(result, "holds").stream()
                .map(h -> Fields.text(h, "state") + " by " + Fields.text(h, "owner"))
                .toList();
    }

    /** One line per transition: {@code +12 ms  CONTEXT_CREATED -> INITIALIZED}, the times right-aligned. */
    private static List<String> history(Map<String, Object> result) {
        List<Map<?, ?>> steps = Fields.objects(result, "history");
        List<String> times = steps.stream().map(t -> "+" + Fields.number(t, "ms", 0) + " ms").toList();
        int width = times.stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            lines.add(" ".repeat(width - times.get(i).length()) + times.get(i) + "  "
                    + Fields.text(steps.get(i), "from") + " -> " + Fields.text(steps.get(i), "to"));
        }
        return lines;
    }

    private static List<String> helpers(Map<String, Object> result) {
        Block helpers = new Block();
        Fields.objects(result, "helpers").forEach(h -> helpers.add(Fields.text(h, "name"), Block.scalar(h.get("summary"))));
        return helpers.lines();
    }

    private static List<String> apps(Map<String, Object> result) {
        Block apps = new Block();
        Fields.objects(result, "apps").forEach(a -> apps.add(Fields.text(a, "name"), AppsCommand.status(a)));
        return apps.lines();
    }
}
