package lws.ctl;

import java.util.Objects;

/**
 * A failure that ends a command with a given exit code; its message is printed after {@code lwsctl: }.
 */
final class CtlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    /**
     * @param exitCode the exit code the command ends with
     * @param message what went wrong, naming the subject (socket path, error code)
     * @param cause the underlying exception, or null
     */
    CtlException(ExitCode exitCode, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /**
     * @param message what is wrong with the command line, naming the option or argument
     * @return a usage error (exit code 2)
     */
    static CtlException usage(String message) {
        return new CtlException(ExitCode.USAGE, message, null);
    }

    /** @return the exit code the command ends with */
    ExitCode exitCode() {
        return exitCode;
    }
}
