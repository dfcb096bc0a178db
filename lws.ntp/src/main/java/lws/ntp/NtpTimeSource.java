package lws.ntp;

import lws.app.api.TimeSource;
import lws.app.api.TimeStatus;
import lws.system.MonotonicClock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The time apps see: before the first validated sample, the host clock; after it, the true time of the
 * latest selected sample carried forward on the <em>monotonic</em> clock, so a later step of the host
 * clock (by an operator, another daemon or our own setter) does not disturb it until the next sample
 * re-anchors it. Any thread: the anchor is one immutable record behind a volatile field, written by the
 * loop.
 */
final class NtpTimeSource implements TimeSource {
    /**
     * The latest validated time.
     *
     * @param trueTime true time when the anchoring sample arrived
     * @param monoNanos monotonic clock reading at that moment
     * @param offset the system offset then (host clock + offset = true time)
     * @param server the system peer's label
     */
    record Anchor(Instant trueTime, long monoNanos, Duration offset, String server) {
    }

    private final InstantSource wallClock;
    private final MonotonicClock monotonic;
    private final boolean hostPolicy;
    private volatile Anchor anchor;

    /**
     * @param wallClock the host wall clock
     * @param monotonic the loop's monotonic clock
     * @param hostPolicy whether time.policy=host (the status before sync says "host (unverified)")
     */
    NtpTimeSource(InstantSource wallClock, MonotonicClock monotonic, boolean hostPolicy) {
        this.wallClock = wallClock;
        this.monotonic = monotonic;
        this.hostPolicy = hostPolicy;
    }

    /**
     * Re-anchors on a new selection. Loop thread.
     *
     * @param sample the system peer's sample
     * @param offsetNanos the combined system offset
     * @param server the system peer's label
     */
    void anchor(NtpSample sample, long offsetNanos, String server) {
        anchor = new Anchor(sample.takenAt().plusNanos(offsetNanos), sample.monoNanos(), Duration.ofNanos(offsetNanos), server);
    }

    /** @return the anchor, or null before the first validated sample */
    Anchor current() {
        return anchor;
    }

    @Override
    public Instant now() {
        Anchor a = anchor;
        return a == null ? wallClock.instant() : a.trueTime().plusNanos(monotonic.nanos() - a.monoNanos());
    }

    @Override
    public TimeStatus status() {
        Anchor a = anchor;
        if (a == null) {
            return new TimeStatus(hostPolicy ? "host (unverified)" : "none", false, Duration.ZERO, Instant.EPOCH);
        }
        return new TimeStatus("ntp " + a.server(), true, a.offset(), a.trueTime());
    }
}
