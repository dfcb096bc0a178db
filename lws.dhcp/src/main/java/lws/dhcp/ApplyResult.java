package lws.dhcp;

import java.util.Objects;

/** The outcome of a {@link LeaseApplier} call. */
public sealed interface ApplyResult {
    /** The event was applied. */
    record Applied() implements ApplyResult {
    }

    /**
     * The leased address is already in use (the client declines it and starts over).
     *
     * @param reason what showed the conflict, for logs
     */
    record Conflict(String reason) implements ApplyResult {
        /** Checks for nulls. */
        public Conflict {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The event could not be applied (a command failed).
     *
     * @param reason what failed, for logs
     */
    record Failed(String reason) implements ApplyResult {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** @return the shared {@link Applied} value */
    static ApplyResult applied() {
        return new Applied();
    }
}
