package lws.ctl;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A command that connects to the daemon, makes its request and prints the reply: as JSON with
 * {@code --json}, else through {@link #print}. Failures leave as {@link CtlException}s (see {@link Lwsctl}).
 */
abstract class ControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConnectionOptions connection = connection();
        try (ControlClient client = ControlClient.connect(connection.socket(), connection.timeout())) {
            run(client, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * @return the options shared by every command: declared once on {@code lwsctl} and inherited, so they go
     *         before or after the command name ({@code lwsctl --socket S status} = {@code lwsctl status --socket S})
     */
    final ConnectionOptions connection() {
        return ((Lwsctl) spec.parent().userObject()).connection();
    }

    /**
     * Makes the request and prints the reply. The default calls {@link #method()} with {@link #params()}.
     *
     * @param client the connected client
     * @param out standard output
     */
    void run(ControlClient client, PrintWriter out) {
        show(client.call(method(), params()), out);
    }

    /**
     * Prints a result: {@link #json} of it with {@code --json}, else {@link #print}.
     *
     * @param result the reply's result
     * @param out standard output
     */
    final void show(Map<String, Object> result, PrintWriter out) {
        if (connection().json()) {
            out.println(json(result));
        } else {
            print(result, out);
        }
    }

    /**
     * @param value a JSON value
     * @return it as printed by {@code --json} (default: indented)
     */
    String json(Object value) {
        return Json.pretty(value);
    }

    /** @return the protocol method this command calls */
    abstract String method();

    /** @return the request's params (default none) */
    Map<String, Object> params() {
        return Map.of();
    }

    /**
     * Prints the result for people.
     *
     * @param result the reply's result
     * @param out standard output
     */
    abstract void print(Map<String, Object> result, PrintWriter out);
}
