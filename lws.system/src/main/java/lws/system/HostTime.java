package lws.system;

import lws.app.api.TimeSource;
import lws.app.api.TimeStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The time source when no NTP helper is present: the host clock, unverified. Thread-safe. */
final class HostTime implements TimeSource {
    private final InstantSource wallClock;

    HostTime(InstantSource wallClock) {
        this.wallClock = wallClock;
    }

    @Override
    public Instant now() {
        return wallClock.instant();
    }

    @Override
    public TimeStatus status() {
        return new TimeStatus("host (unverified)", false, Duration.ZERO, Instant.EPOCH);
    }
}
