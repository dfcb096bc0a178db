package lws.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code lwsctl resolve NAME [--type TYPE]}: a lookup through the daemon's resolver. */
@Command(name = "resolve", description = "Look a name up through the daemon's resolver: records, TTL, cache hit.")
final class ResolveCommand extends ControlCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "the name to look up")
    private String name;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "A",
            description = "the record type: A, AAAA, … (default: ${DEFAULT-VALUE})")
    private String type;

    @Override
    String method() {
        return "resolve";
    }

    @Override
    Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("type", type.toUpperCase(Locale.ROOT));
        return params;
    }

    @Override
    void print(Map<String, Object> result, PrintWriter out) {
        new Block()
                .add("Name", Fields.text(result, "name"))
                .add("Type", Fields.text(result, "type"))
                .add("Records", Block.lines(result.get("records")))
                .add("TTL", Fields.number(result, "ttlSeconds", 0) + " s")
                .add("Cache", Boolean.TRUE.equals(result.get("fromCache")) ? "hit" : "miss")
                .print(out);
    }
}
