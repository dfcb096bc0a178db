package lws.ctl;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@code lwsctl} command as the command line knows it.
 *
 * @param name the command's name ({@code status})
 * @param description one sentence for {@code --help}
 * @param parameters the labels of its positional parameters, all required ({@code NAME}); empty for none
 * @param options its own options (the connection options are added by {@link Lwsctl})
 * @param factory makes the command from its parsed command line, whose argument list has exactly
 *        {@code parameters.size()} entries; throws {@link CtlException#usage} for a bad option value
 */
record CommandSpec(String name, String description, List<String> parameters, Options options,
                   Function<CommandLine, ControlCommand> factory) {
    CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * A command without parameters or options of its own.
     *
     * @param name the command's name
     * @param description one sentence for {@code --help}
     * @param factory makes the command
     * @return the spec
     */
    static CommandSpec simple(String name, String description, Supplier<ControlCommand> factory) {
        return new CommandSpec(name, description, List.of(), new Options(), line -> factory.get());
    }

    /** @return the command with its parameters: {@code resolve NAME} */
    String synopsis() {
        return parameters.isEmpty() ? name : name + " " + String.join(" ", parameters);
    }

    /** @return the usage line: {@code lwsctl resolve [OPTIONS] NAME} */
    String usage() {
        return "lwsctl " + name + " [OPTIONS]" + (parameters.isEmpty() ? "" : " " + String.join(" ", parameters));
    }
}
