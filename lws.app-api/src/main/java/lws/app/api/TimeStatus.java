package lws.app.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How the system knows the time.
 *
 * @param source {@code "ntp <server>"} when an NTP sample was validated, {@code "host (unverified)"}
 *        when the host clock is trusted by policy, {@code "none"} when nothing is known
 * @param synced whether an NTP sample validated the time
 * @param offset the correction added to the host clock (zero when not synchronized)
 * @param lastSync when the last valid sample was taken ({@link Instant#EPOCH} if never)
 */
public record TimeStatus(String source, boolean synced, Duration offset, Instant lastSync) {
    /** Checks for nulls. */
    public TimeStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(lastSync, "lastSync");
    }
}
