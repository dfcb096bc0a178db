package lws.system;

import lws.app.api.Cancellable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class TimerTest {
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = EventLoop.builder().name("timer-test").clock(clock).build();
    private final List<String> ran = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private void pass() {
        loop.runOnce(Duration.ZERO);
    }

    @Test
    void timersFireInDeadlineOrderOnVirtualTime() {
        loop.runOnce(Duration.ZERO); // bind the loop to this thread
        loop.schedule(Duration.ofSeconds(3), () -> ran.add("3s"));
        loop.schedule(Duration.ofSeconds(1), () -> ran.add("1s"));
        loop.schedule(Duration.ofSeconds(2), () -> ran.add("2s"));
        pass();
        assertEquals(List.of(), ran, "nothing is due before the clock moves");
        clock.advance(Duration.ofMillis(1999));
        pass();
        assertEquals(List.of("1s"), ran);
        clock.advance(Duration.ofSeconds(5));
        pass();
        assertEquals(List.of("1s", "2s", "3s"), ran);
    }

    @Test
    void timersWithEqualDeadlinesRunInSchedulingOrder() {
        pass();
        for (int i = 0; i < 50; i++) {
            int n = i;
            loop.schedule(Duration.ofSeconds(1), () -> ran.add("t" + n));
        }
        clock.advance(Duration.ofSeconds(1));
        pass();
        assertEquals(50, ran.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("t" + i, ran.get(i));
        }
    }

    @Test
    void cancelledTimerNeverRuns() {
        pass();
        Cancellable a = loop.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
        loop.schedule(Duration.ofSeconds(1), () -> ran.add("b"));
        assertTrue(a.cancel());
        assertFalse(a.cancel(), "second cancel reports false");
        clock.advance(Duration.ofSeconds(2));
        pass();
        assertEquals(List.of("b"), ran);
    }

    @Test
    void timerCancelledFromAnotherThreadNeverRuns() throws Exception {
        pass();
        Cancellable t = loop.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
        Thread other = Thread.ofPlatform().start(() -> assertTrue(t.cancel()));
        other.join();
        clock.advance(Duration.ofSeconds(2));
        pass();
        pass();
        assertEquals(List.of(), ran);
    }

    @Test
    void timerScheduledFromAnotherThreadUsesItsClockReading() throws Exception {
        pass();
        Thread other = Thread.ofPlatform().start(() -> loop.schedule(Duration.ofSeconds(1), () -> ran.add("foreign")));
        other.join();
        pass(); // the scheduling task arrives
        assertEquals(List.of(), ran);
        clock.advance(Duration.ofSeconds(1));
        pass();
        assertEquals(List.of("foreign"), ran);
    }

    @Test
    void timerThatThrowsDoesNotStopTheLoop() {
        pass();
        loop.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("boom");
        });
        loop.schedule(Duration.ZERO, () -> ran.add("after"));
        pass();
        assertEquals(List.of("after"), ran);
        assertEquals(1, loop.counters().taskFailures());
    }

    @Test
    void pendingTimersAreCancelledAtClose() {
        pass();
        Cancellable t = loop.schedule(Duration.ofSeconds(1), () -> ran.add("late"));
        loop.close();
        assertFalse(t.cancel(), "a timer dropped at close can no longer be cancelled");
        assertTrue(loop.isTerminated());
        assertEquals(List.of(), ran);
    }

    @Test
    void realClockTimerWakesASleepingLoop() throws Exception {
        EventLoop real = EventLoop.start("real-timer");
        try {
            CountDownLatch fired = new CountDownLatch(1);
            long start = System.nanoTime();
            real.schedule(Duration.ofMillis(50), fired::countDown);
            assertTrue(fired.await(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before its deadline");
        } finally {
            real.close();
            assertTrue(real.awaitTermination(Duration.ofSeconds(5)));
        }
    }
}
