package lws.system;

/** Exit codes of {@code lwsd}. */
public enum ExitCode {
    /** Stopped normally (SIGTERM, SIGINT or a stop request). */
    OK(0),
    /** Start-up failed: a helper could not start, a required plug-in is missing, the loop failed. */
    FAILURE(1),
    /** Bad command line or configuration: unknown key, bad value, unreadable file. */
    USAGE(2);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }
}
