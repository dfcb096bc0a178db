package lws.bench.loop;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Ping-pong round trip, one JVM fork: the pinger (the main thread) posts a task to an idle loop and
 * parks until the task, run on the loop, unparks it; the sample is the time from before the post to
 * after the wake-up: wake the sleeping loop, run the task, wake the pinger.
 *
 * <p>Why not JMH: JMH runs one system per fork, and on a shared VM a burst of foreign load lasts
 * seconds, so whichever system's fork it hits gets a tail ten times longer (per-fork p99 measured from
 * 17 to 100 µs for the same system). Here every system runs in the same JVM, in slices of
 * {@value #SLICE} round trips, in a shuffled order in each cycle, so that all systems see the same
 * conditions and only their own paths differ. Warm-up cycles run first and are not recorded. Every
 * measured round trip is recorded (no sampling) and written to {@code pingpong-SYSTEM-forkN.bin}
 * (big-endian int nanoseconds) for {@link LoopBench} to pool.
 *
 * <p>{@code bench/loop.sh} runs this under {@code taskset -c N}: loop and pinger on one CPU, since
 * cross-core wake-ups on a VM cost tens of microseconds for every system and would hide the difference.
 */
final class PingPong {
    /** Round trips per system before switching to the next (about 10 to 50 ms). */
    static final int SLICE = 2_000;
    private static final int MAX_SAMPLES = 4_000_000;

    private PingPong() {
    }

    /** The reply: marks the round trip done and unparks the pinger. */
    static final class Pong implements Runnable {
        private final Thread pinger;
        volatile boolean done;

        Pong(Thread pinger) {
            this.pinger = pinger;
        }

        @Override
        public void run() {
            done = true;
            LockSupport.unpark(pinger);
        }
    }

    /**
     * One fork.
     *
     * @param args fork number, warm-up seconds, measurement seconds, output directory
     * @throws IOException if the samples cannot be written
     */
    public static void main(String[] args) throws IOException {
        int fork = Integer.parseInt(args[0]);
        long warmupNanos = Long.parseLong(args[1]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        Path dir = Path.of(args[3]);
        LoopUnderTest.Kind[] kinds = LoopUnderTest.Kind.values();
        LoopUnderTest[] loops = new LoopUnderTest[kinds.length];
        int[][] samples = new int[kinds.length][MAX_SAMPLES];
        int[] counts = new int[kinds.length];
        Pong pong = new Pong(Thread.currentThread());
        Random order = new Random(fork);
        try {
            for (int i = 0; i < kinds.length; i++) {
                loops[i] = LoopUnderTest.open(kinds[i]);
            }
            run(loops, pong, order, warmupNanos, null, counts);
            run(loops, pong, order, measureNanos, samples, counts);
        } finally {
            for (LoopUnderTest loop : loops) {
                if (loop != null) {
                    loop.close();
                }
            }
        }
        for (int i = 0; i < kinds.length; i++) {
            Path file = dir.resolve("pingpong-" + kinds[i].id() + "-fork" + fork + ".bin");
            try (OutputStream os = Files.newOutputStream(file);
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os, 1 << 16))) {
                for (int k = 0; k < counts[i]; k++) {
                    out.writeInt(samples[i][k]);
                }
            }
        }
    }

    private static void run(LoopUnderTest[] loops, Pong pong, Random order, long nanos, int[][] samples,
            int[] counts) {
        int[] systems = new int[loops.length];
        for (int i = 0; i < systems.length; i++) {
            systems[i] = i;
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            for (int i = systems.length - 1; i > 0; i--) {
                int j = order.nextInt(i + 1);
                int t = systems[i];
                systems[i] = systems[j];
                systems[j] = t;
            }
            for (int system : systems) {
                LoopUnderTest loop = loops[system];
                for (int k = 0; k < SLICE; k++) {
                    long start = System.nanoTime();
                    roundTrip(loop, pong);
                    long took = System.nanoTime() - start;
                    if (samples != null && counts[system] < MAX_SAMPLES) {
                        samples[system][counts[system]++] = (int) Math.min(took, Integer.MAX_VALUE);
                    }
                }
            }
        }
    }

    private static void roundTrip(LoopUnderTest loop, Pong pong) {
        pong.done = false;
        loop.execute(pong);
        while (!pong.done) {
            LockSupport.park(pong);
        }
    }
}
