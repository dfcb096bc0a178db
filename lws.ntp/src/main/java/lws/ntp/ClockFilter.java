package lws.ntp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The samples of one server's current burst; the best is the one with the lowest delay (the sample
 * least disturbed by queueing, as ntpd's clock filter picks it). Jitter is the root mean square of the
 * other samples' offsets from the best one's. Loop thread only.
 */
final class ClockFilter {
    private final List<NtpSample> samples = new ArrayList<>();
    private long lastJitterNanos;

    /** Starts a new burst; the previous burst's jitter is kept until a second sample arrives. */
    void clear() {
        samples.clear();
    }

    /** @param sample a validated sample of this burst */
    void add(NtpSample sample) {
        samples.add(sample);
        if (samples.size() > 1) {
            lastJitterNanos = computeJitter();
        }
    }

    /** @return the lowest-delay sample of the burst so far */
    Optional<NtpSample> best() {
        NtpSample best = null;
        for (NtpSample s : samples) {
            if (best == null || s.delayNanos() < best.delayNanos()) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the number of samples in the burst */
    int size() {
        return samples.size();
    }

    /** @return the jitter in nanoseconds (0 until a burst had two samples) */
    long jitterNanos() {
        return lastJitterNanos;
    }

    /**
     * Shifts every sample after the host clock was stepped.
     *
     * @param stepNanos the step
     */
    void shift(long stepNanos) {
        samples.replaceAll(s -> s.afterStep(stepNanos));
    }

    private long computeJitter() {
        NtpSample best = best().orElseThrow();
        double sum = 0;
        for (NtpSample s : samples) {
            double d = s.offsetNanos() - best.offsetNanos();
            sum += d * d;
        }
        return Math.round(Math.sqrt(sum / (samples.size() - 1)));
    }
}
