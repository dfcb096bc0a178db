package lws.system;

import lws.app.api.SystemState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ConcurrencyTest {
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 100_000;

    @Test
    void eightProducersHundredThousandTasksEachRunExactlyOnceInFifoPerProducer() throws Exception {
        EventLoop loop = EventLoop.start("conc-exec");
        int[] lastSeen = new int[PRODUCERS];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(PRODUCERS * PER_PRODUCER);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int seq = i;
                    loop.execute(() -> {
                        // Loop thread only: plain array access is safe.
                        if (lastSeen[producer] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[producer] = seq;
                        total.incrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every task ran");
        loop.submit(() -> null).get(5, TimeUnit.SECONDS);
        assertEquals((long) PRODUCERS * PER_PRODUCER, total.get(), "no task ran twice");
        assertEquals(0, outOfOrder.get(), "FIFO per producer");
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(PER_PRODUCER - 1, lastSeen[p]);
        }
        loop.close();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
    }

    @Test
    void eightThreadsHundredThousandAttachesEachRunExactlyOnceInFifoPerProducer() throws Exception {
        EventLoop loop = EventLoop.start("conc-attach");
        StateMachine machine = loop.submit(() -> new StateMachine(loop, InstantSource.system())).get();
        Attachments attachments = loop.submit(() -> new Attachments(loop, machine)).get();
        int[] lastSeen = new int[PRODUCERS];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(PRODUCERS * PER_PRODUCER);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int seq = i;
                    attachments.attach("p" + producer, SystemState.OPERATIONAL, () -> {
                        if (lastSeen[producer] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[producer] = seq;
                        total.incrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        go.countDown();
        // Reach OPERATIONAL while producers are still attaching: some callbacks park, others run at once.
        Thread.sleep(5);
        loop.execute(() -> machine.advanceTo(SystemState.OPERATIONAL));
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every callback ran");
        loop.submit(() -> null).get(5, TimeUnit.SECONDS);
        assertEquals((long) PRODUCERS * PER_PRODUCER, total.get(), "no callback ran twice");
        assertEquals(0, outOfOrder.get(), "FIFO per producer");
        loop.close();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
    }

    @Test
    void requestFromOneLoopToAnotherRepliesOnTheFirstWithoutLocks() throws Exception {
        EventLoop a = EventLoop.start("loop-a");
        EventLoop b = EventLoop.start("loop-b");
        try {
            CompletableFuture<String> result = new CompletableFuture<>();
            a.execute(() -> b.submit(() -> "computed on " + Thread.currentThread().getName())
                    .whenCompleteAsync((value, error) -> result.complete(value + ", replied on " + Thread.currentThread().getName()), a));
            assertEquals("computed on loop-b, replied on loop-a", result.get(5, TimeUnit.SECONDS));

            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            a.execute(() -> b.submit(() -> {
                throw new IllegalStateException("no");
            }).whenCompleteAsync((value, error) -> failure.complete(error), a));
            assertEquals("no", failure.get(5, TimeUnit.SECONDS).getMessage(), "an exception travels back");
        } finally {
            a.close();
            b.close();
            assertTrue(a.awaitTermination(Duration.ofSeconds(5)));
            assertTrue(b.awaitTermination(Duration.ofSeconds(5)));
        }
    }

    @Test
    void submittingToAClosedLoopThrowsAndTasksAcceptedBeforeCloseStillRun() throws Exception {
        EventLoop loop = EventLoop.start("closing");
        AtomicLong accepted = new AtomicLong();
        AtomicLong ran = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200_000; i++) {
                    try {
                        loop.execute(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(10);
        loop.close();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(loop.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(accepted.get(), ran.get(), "every accepted task ran: nothing dropped silently");
        assertTrue(rejected.get() > 0, "tasks after close are rejected");
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> loop.schedule(Duration.ZERO, () -> { }));
    }

    @Test
    void replyToAClosedLoopSurfacesTheRejection() throws Exception {
        EventLoop a = EventLoop.start("gone");
        EventLoop b = EventLoop.start("worker");
        try {
            a.close();
            assertTrue(a.awaitTermination(Duration.ofSeconds(5)));
            CompletableFuture<Object> reply = b.submit(() -> "x").thenApplyAsync(v -> v, a);
            Throwable error = assertThrows(java.util.concurrent.ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS)).getCause();
            assertTrue(error instanceof RejectedExecutionException, "not dropped silently: " + error);
        } finally {
            b.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
