package lws.ctl;

import java.io.PrintWriter;
import java.util.Map;

/**
 * A command that connects to the daemon, makes its request and prints the reply: as JSON with
 * {@code --json}, else through {@link #print}. Failures leave as {@link CtlException}s (see {@link Lwsctl}).
 * An instance is made from one parsed command line ({@link CommandSpec}) and executed once.
 */
abstract class ControlCommand {
    /**
     * Connects, runs the command and flushes {@code out}.
     *
     * @param connection where to connect, how long to wait, JSON or not
     * @param out standard output
     * @throws CtlException if the daemon cannot be reached or replies with an error
     */
    final void execute(ConnectionOptions connection, PrintWriter out) {
        try (ControlClient client = ControlClient.connect(connection.socket(), connection.timeout())) {
            run(client, out, connection.json());
        }
        out.flush();
    }

    /**
     * Makes the request and prints the reply. The default calls {@link #method()} with {@link #params()}.
     *
     * @param client the connected client
     * @param out standard output
     * @param json true for {@code --json}
     */
    void run(ControlClient client, PrintWriter out, boolean json) {
        show(client.call(method(), params()), out, json);
    }

    /**
     * Prints a result: {@link #json} of it with {@code --json}, else {@link #print}.
     *
     * @param result the reply's result
     * @param out standard output
     * @param json true for {@code --json}
     */
    final void show(Map<String, Object> result, PrintWriter out, boolean json) {
        if (json) {
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
