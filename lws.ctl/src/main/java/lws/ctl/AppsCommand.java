package lws.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code lwsctl apps}: each app's name, status (with the reason of a failure), start state, module, origin. */
final class AppsCommand extends ControlCommand {
    @Override
    String method() {
        return "apps";
    }

    @Override
    void print(Map<String, Object> result, PrintWriter out) {
        List<Map<?, ?>> apps = Fields.objects(result, "apps");
        Table table = new Table("NAME", "STATUS", "START STATE", "MODULE", "ORIGIN");
        for (Map<?, ?> app : apps) {
            table.row(Fields.text(app, "name"), status(app), Fields.text(app, "startState"),
                    Fields.text(app, "module"), Fields.text(app, "origin"));
        }
        table.print(out);
        out.println();
        out.println(apps.size() + (apps.size() == 1 ? " app" : " apps") + " listed.");
    }

    /**
     * @param app an app object of the protocol
     * @return its status, with the reason when there is one: {@code FAILED (port in use)}
     */
    static String status(Map<?, ?> app) {
        String reason = Fields.text(app, "reason");
        return Fields.text(app, "status") + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
