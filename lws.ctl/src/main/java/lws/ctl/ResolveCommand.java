package lws.ctl;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code lwsctl resolve NAME [--type TYPE]}: a lookup through the daemon's resolver. */
final class ResolveCommand extends ControlCommand {
    private static final Option TYPE = Option.builder("t").longOpt("type").hasArg().argName("TYPE")
            .desc("the record type: A, AAAA, … (default: A)").get();

    /** {@code resolve NAME [--type TYPE]}. */
    static final CommandSpec SPEC = new CommandSpec("resolve", "Look a name up through the daemon's resolver: records, TTL, cache hit.",
            List.of("NAME"), new Options().addOption(TYPE), ResolveCommand::new);

    private final String name;
    private final String type;

    /** @param line the command's command line: one argument, the name; {@code --type} or A */
    private ResolveCommand(CommandLine line) {
        name = line.getArgList().getFirst();
        type = line.getOptionValue(TYPE, "A");
    }

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
