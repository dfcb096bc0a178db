package lws.system;

import java.util.Objects;

/** {@code lwsd} could not start; carries the exit code and a one-line message. */
public final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    /**
     * @param exitCode the exit code
     * @param message one line for the user
     * @param cause the underlying failure, or null
     */
    public LaunchException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** @return the exit code */
    public ExitCode exitCode() {
        return exitCode;
    }
}
