package lws.ctl;

/** Exit codes of {@code lwsctl}. */
public enum ExitCode {
    /** The command succeeded (for {@code watch}: the daemon closed the stream or the count was reached). */
    OK(0),
    /** The daemon replied with an error (printed as {@code lwsctl: <code>: <message>}), or an unreadable reply. */
    DAEMON_ERROR(1),
    /** Bad command line: unknown command or option, missing or bad argument. */
    USAGE(2),
    /** The daemon could not be reached: no socket, permission denied, refused, or no reply within the timeout. */
    UNREACHABLE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }
}
