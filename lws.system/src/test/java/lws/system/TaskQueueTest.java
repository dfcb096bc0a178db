package lws.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskQueueTest {

    @Test
    void pollsInOfferOrderAcrossChunks() {
        TaskQueue<Integer> queue = new TaskQueue<>();
        int n = 3 * TaskQueue.CHUNK_SIZE + 5;
        for (int i = 0; i < n; i++) {
            assertTrue(queue.offer(i));
        }
        assertEquals(n, queue.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void skipsASlotClaimedButNotPublishedAndPollsItOncePublished() {
        TaskQueue<String> queue = new TaskQueue<>();
        Consumer<String> preempted = queue.claimForTest();
        queue.offer("a");
        queue.offer("b");
        assertEquals("a", queue.poll(), "the unpublished slot does not block later producers");
        assertEquals("b", queue.poll());
        assertNull(queue.poll());
        assertFalse(queue.isEmpty(), "the claimed slot is still owed");
        preempted.accept("late");
        assertEquals("late", queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void anUnpublishedLastSlotMakesPollReturnNullUntilPublished() {
        TaskQueue<String> queue = new TaskQueue<>();
        queue.offer("a");
        Consumer<String> preempted = queue.claimForTest();
        assertEquals("a", queue.poll());
        assertNull(queue.poll());
        assertFalse(queue.isEmpty());
        preempted.accept("b");
        assertEquals("b", queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aProducersSkippedTaskRunsBeforeItsNextTask() {
        TaskQueue<String> queue = new TaskQueue<>();
        Consumer<String> producerA = queue.claimForTest();
        queue.offer("b1");
        queue.offer("b2");
        assertEquals("b1", queue.poll(), "slot of A skipped");
        producerA.accept("a1");
        queue.offer("a2"); // A's next task, claimed after a1 was published
        assertEquals("a1", queue.poll(), "the filled hole comes first");
        assertEquals("b2", queue.poll());
        assertEquals("a2", queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void skipsAtMostMaxHolesThenWaits() {
        TaskQueue<String> queue = new TaskQueue<>();
        List<Consumer<String>> preempted = new ArrayList<>();
        for (int i = 0; i <= TaskQueue.MAX_HOLES; i++) {
            preempted.add(queue.claimForTest());
        }
        queue.offer("after");
        assertNull(queue.poll(), "the slot after " + TaskQueue.MAX_HOLES + " holes waits");
        preempted.get(3).accept("p3");
        assertEquals("p3", queue.poll());
        assertEquals("after", queue.poll(), "a freed hole lets the consumer skip the next one");
        for (int i = 0; i < preempted.size(); i++) {
            if (i != 3) {
                preempted.get(i).accept("p" + i);
            }
        }
        List<String> rest = new ArrayList<>();
        for (String s; (s = queue.poll()) != null; ) {
            rest.add(s);
        }
        assertEquals(TaskQueue.MAX_HOLES, rest.size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void closeRefusesLaterOffersAndKeepsEverySlotClaimedBefore() {
        TaskQueue<String> queue = new TaskQueue<>();
        Consumer<String> preempted = queue.claimForTest();
        queue.offer("a");
        queue.close();
        assertTrue(queue.isClosed());
        assertFalse(queue.offer("refused"));
        assertNull(queue.claimForTest());
        assertEquals("a", queue.poll());
        assertFalse(queue.isEmpty(), "claimed before the close: still delivered");
        preempted.accept("late");
        assertEquals("late", queue.poll());
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    @Timeout(60)
    void concurrentProducersEachDeliverEveryElementOnceInOrder() throws Exception {
        int producers = 4;
        int perProducer = 200_000;
        TaskQueue<long[]> queue = new TaskQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(new long[] {producer, i});
                    if (random.nextInt(1024) == 0) {
                        Thread.yield(); // let producers interleave and be preempted at random points
                    }
                }
            }));
        }
        go.countDown();
        long[] next = new long[producers];
        long received = 0;
        long total = (long) producers * perProducer;
        while (received < total) {
            long[] element = queue.poll();
            if (element == null) {
                Thread.onSpinWait();
                continue;
            }
            assertNotNull(element);
            int producer = (int) element[0];
            assertEquals(next[producer], element[1], "FIFO for producer " + producer);
            next[producer]++;
            received++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p]);
        }
    }
}
