package lws.bench.loop;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Heap bytes retained per pending task: block the loop with one task, post {@code tasks} copies of one
 * shared no-op task (so only the queue's own cost is counted, not the tasks'), collect garbage, and
 * divide the growth of the used heap by {@code tasks}. Each round then releases the loop and waits until
 * it has run everything. Run in a fresh JVM per system so that no other system's garbage is counted.
 */
final class Retained {
    private static final Runnable NO_OP = () -> { };

    private Retained() {
    }

    /**
     * Measures one system.
     *
     * @param kind the system
     * @param tasks pending tasks per round
     * @param rounds rounds (the loop is reused; the first round also warms it)
     * @return bytes per pending task, one per round
     * @throws InterruptedException if interrupted while waiting for the loop
     */
    static double[] measure(LoopUnderTest.Kind kind, int tasks, int rounds) throws InterruptedException {
        double[] perTask = new double[rounds];
        try (LoopUnderTest loop = LoopUnderTest.open(kind)) {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch blocked = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch drained = new CountDownLatch(1);
                loop.execute(() -> {
                    blocked.countDown();
                    awaitQuietly(release);
                });
                if (!blocked.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(kind.id() + ": loop did not start the blocking task");
                }
                long before = usedHeapAfterGc();
                for (int i = 0; i < tasks; i++) {
                    loop.execute(NO_OP);
                }
                long after = usedHeapAfterGc();
                perTask[round] = (double) (after - before) / tasks;
                loop.execute(drained::countDown);
                release.countDown();
                if (!drained.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(kind.id() + ": loop did not drain " + tasks + " tasks");
                }
            }
        }
        return perTask;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("blocking task was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("blocking task interrupted", e);
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
