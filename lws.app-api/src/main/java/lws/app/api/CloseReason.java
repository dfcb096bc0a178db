package lws.app.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a socket registration closed.
 *
 * @param kind what closed it
 * @param message a human-readable detail, empty when there is nothing to add
 * @param error the exception that closed it, when {@code kind} is {@link Kind#ERROR}; else null
 */
public record CloseReason(Kind kind, String message, Throwable error) {
    /** What closed a registration. */
    public enum Kind {
        /** {@link SocketRegistration#close()} was called (by the handler or its owner). */
        CLOSED,
        /** A callback threw, or an I/O operation failed. */
        ERROR,
        /** The event loop shut down. */
        LOOP_SHUTDOWN
    }

    /** Checks the invariants. */
    public CloseReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if ((kind == Kind.ERROR) != (error != null)) {
            throw new IllegalArgumentException("an error reason carries an exception, and only it");
        }
    }

    /** @return the exception that closed the registration, if any */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return message.isEmpty() ? kind.name() : kind + ": " + message;
    }
}
