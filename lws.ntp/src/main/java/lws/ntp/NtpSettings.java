package lws.ntp;

import lws.system.Config;
import lws.system.ConfigKey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The NTP helper's tuning, read from its configuration keys.
 *
 * @param samples requests per server per burst (the lowest-delay reply of a burst is kept), 1–8
 * @param sampleInterval time between the requests of a burst
 * @param timeout how long a request waits for its reply
 * @param minPoll the shortest time between bursts (the interval after the first valid time)
 * @param maxPoll the longest time between bursts
 * @param maxRootDistance the largest root distance (root delay / 2 + root dispersion) accepted
 * @param setClock what to do with the host clock
 */
record NtpSettings(int samples, Duration sampleInterval, Duration timeout, Duration minPoll, Duration maxPoll,
        Duration maxRootDistance, ClockMode setClock) {

    /** What the helper does to the host clock ({@code ntp.set-clock}). */
    enum ClockMode {
        /** Report only: apps get the corrected time through {@code AppContext.time()}. */
        OFF,
        /** Step the host clock by the offset (clock_settime, needs CAP_SYS_TIME). */
        STEP,
        /** Slew the host clock gradually (adjtimex, needs CAP_SYS_TIME). */
        SLEW
    }

    /** The helper's configuration keys. */
    static final List<ConfigKey> KEYS = List.of(
            ConfigKey.integer("ntp.samples", "4", "requests per server per burst; the lowest-delay reply is kept", 1, 8),
            ConfigKey.duration("ntp.sample-interval", "2s", "time between the requests of a burst"),
            ConfigKey.duration("ntp.timeout", "1s", "how long one request waits for its reply"),
            ConfigKey.duration("ntp.min-poll", "64s", "shortest time between bursts (after the first valid time)"),
            ConfigKey.duration("ntp.max-poll", "1024s", "longest time between bursts (stable offset, or unreachable server)"),
            ConfigKey.duration("ntp.max-root-distance", "1.5s", "replies with a larger root distance are rejected"),
            ConfigKey.choice("ntp.set-clock", "off",
                    "off: only report the offset (apps see corrected time); step | slew: set the host clock (needs CAP_SYS_TIME)",
                    "off", "step", "slew"));

    /** Checks the invariants. */
    NtpSettings {
        if (samples < 1 || samples > 8) {
            throw new IllegalArgumentException("ntp.samples " + samples + " out of 1..8");
        }
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ntp.timeout must be positive: " + timeout);
        }
        if (minPoll.isZero() || maxPoll.compareTo(minPoll) < 0) {
            throw new IllegalArgumentException("ntp.min-poll " + minPoll + " must be positive and not above ntp.max-poll " + maxPoll);
        }
        Objects.requireNonNull(maxRootDistance, "maxRootDistance");
        Objects.requireNonNull(setClock, "setClock");
    }

    /**
     * @param config the validated configuration (with {@link #KEYS} declared)
     * @return the settings
     * @throws IllegalArgumentException if the values contradict each other (e.g. min-poll above max-poll)
     */
    static NtpSettings from(Config config) {
        return new NtpSettings(Integer.parseInt(config.get("ntp.samples")), config.duration("ntp.sample-interval"),
                config.duration("ntp.timeout"), config.duration("ntp.min-poll"), config.duration("ntp.max-poll"),
                config.duration("ntp.max-root-distance"),
                ClockMode.valueOf(config.get("ntp.set-clock").toUpperCase(java.util.Locale.ROOT)));
    }
}
