package lws.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reports a callback that holds its loop longer than a threshold, with the callback's owner and the loop
 * thread's stack.
 *
 * <p>The loop pays two plain (opaque) stores per callback and never reads a clock for this: it bumps a
 * sequence number on entry and on exit (odd while a callback runs) and publishes the callback. A shared
 * watchdog thread samples every loop four times per threshold; a callback whose sequence number it sees
 * unchanged for at least the threshold is reported once. A stall is therefore reported between 1.0 and
 * 1.25 thresholds after it began.
 */
final class StallDetector {
    static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(StallDetector.class);
    private static final VarHandle SEQUENCE;
    private static final VarHandle CURRENT;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lws-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SEQUENCE = lookup.findVarHandle(StallDetector.class, "sequence", long.class);
            CURRENT = lookup.findVarHandle(StallDetector.class, "current", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final long thresholdNanos;
    private final ScheduledFuture<?> sampling;
    @SuppressWarnings("unused") // accessed through SEQUENCE
    private long sequence;
    @SuppressWarnings("unused") // accessed through CURRENT
    private Object current;
    // Watchdog-thread state.
    private long seenSequence = -1;
    private long seenSinceNanos;
    private long reportedSequence = -1;

    StallDetector(EventLoop loop, Duration threshold) {
        this.loop = loop;
        this.thresholdNanos = threshold.toNanos();
        if (thresholdNanos > 0) {
            long period = Math.max(1_000_000L, thresholdNanos / 4);
            sampling = WATCHDOG.scheduleAtFixedRate(this::sample, period, period, TimeUnit.NANOSECONDS);
        } else {
            sampling = null;
        }
    }

    /** A callback starts; loop thread. */
    void enter(Object callback) {
        CURRENT.setOpaque(this, callback);
        SEQUENCE.setOpaque(this, (long) SEQUENCE.getOpaque(this) + 1);
    }

    /** The callback ended; loop thread. */
    void exit() {
        SEQUENCE.setOpaque(this, (long) SEQUENCE.getOpaque(this) + 1);
    }

    /** @return true while a callback runs; meaningful on the loop thread */
    boolean inCallback() {
        return ((long) SEQUENCE.getOpaque(this) & 1) == 1;
    }

    private void sample() {
        long seq = (long) SEQUENCE.getOpaque(this);
        long now = System.nanoTime();
        if (seq != seenSequence) {
            seenSequence = seq;
            seenSinceNanos = now;
            return;
        }
        if ((seq & 1) == 0 || seq == reportedSequence || now - seenSinceNanos < thresholdNanos) {
            return;
        }
        reportedSequence = seq;
        loop.counters().stalls.increment();
        Object callback = CURRENT.getOpaque(this);
        Thread thread = loopThread();
        String stack = thread == null ? "(no thread)" : Arrays.stream(thread.getStackTrace())
                .map(frame -> "\tat " + frame)
                .collect(Collectors.joining(System.lineSeparator()));
        log.warn("{}: {} has held the loop for more than {} ms{}{}", loop.name(),
                callback == null ? "a callback" : Owned.of(callback),
                Duration.ofNanos(thresholdNanos).toMillis(), System.lineSeparator(), stack);
    }

    private Thread loopThread() {
        return loop.thread();
    }

    void close() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }
}
