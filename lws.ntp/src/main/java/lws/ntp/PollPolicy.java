package lws.ntp;

import java.time.Duration;

/**
 * One server's adaptive poll interval, between a minimum (64 s by default) and a maximum (1024 s). A
 * stable burst (its offset agrees with the previous one) doubles the interval; an unstable one returns
 * to the minimum so that a changing clock is tracked closely; a failed burst (no valid reply) or a
 * {@code RATE} kiss doubles it too, so an unreachable or overloaded server is asked less and less.
 * Loop thread only.
 */
final class PollPolicy {
    /** How a burst ended. */
    enum Outcome {
        /** A valid sample whose offset agrees with the previous burst's. */
        STABLE,
        /** A valid sample, but the first one or one that moved more than the threshold. */
        UNSTABLE,
        /** No valid reply in the whole burst. */
        FAILED,
        /** The server sent a RATE Kiss-o'-Death. */
        RATE_LIMITED
    }

    private final Duration min;
    private final Duration max;
    private Duration interval;

    /**
     * @param min the shortest interval
     * @param max the longest interval, not shorter than {@code min}
     */
    PollPolicy(Duration min, Duration max) {
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max poll " + max + " < min poll " + min);
        }
        this.min = min;
        this.max = max;
        this.interval = min;
    }

    /** @return the time from the end of one burst to the start of the next */
    Duration interval() {
        return interval;
    }

    /**
     * @param outcome how the burst ended
     * @return the new interval
     */
    Duration update(Outcome outcome) {
        interval = switch (outcome) {
            case STABLE, FAILED, RATE_LIMITED -> {
                Duration doubled = interval.multipliedBy(2);
                yield doubled.compareTo(max) > 0 ? max : doubled;
            }
            case UNSTABLE -> min;
        };
        return interval;
    }
}
