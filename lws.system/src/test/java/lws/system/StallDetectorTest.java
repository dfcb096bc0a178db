package lws.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class StallDetectorTest {

    private static String captureStderr(ThrowingRunnable body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aCallbackHoldingTheLoopPastTheThresholdIsReportedWithOwnerAndStack() throws Exception {
        EventLoop loop = EventLoop.builder().name("stall-test").stallThreshold(Duration.ofMillis(40)).build();
        loop.start();
        String log = captureStderr(() -> {
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            loop.execute(Owned.task("sleepy-app", StallDetectorTest::sleepLong));
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
        });
        loop.close();
        assertEquals(1, loop.counters().stalls(), "one stalled callback, reported once");
        assertTrue(log.contains("sleepy-app has held the loop for more than 40 ms"), log);
        assertTrue(log.contains("StallDetectorTest.sleepLong"), "the loop thread's stack is logged: " + log);
    }

    @Test
    void quickCallbacksAreNotReported() throws Exception {
        // A generous threshold: on a loaded 2-core machine a 5 ms sleep may take tens of ms.
        EventLoop loop = EventLoop.builder().name("quick").stallThreshold(Duration.ofMillis(500)).build();
        loop.start();
        for (int i = 0; i < 20; i++) {
            loop.execute(() -> sleep(5));
        }
        loop.submit(() -> null).get(5, TimeUnit.SECONDS);
        Thread.sleep(1200); // an idle loop sleeping in select is not a stall either
        loop.close();
        assertEquals(0, loop.counters().stalls());
    }

    @Test
    void aZeroThresholdDisablesTheDetector() throws Exception {
        EventLoop loop = EventLoop.builder().name("off").stallThreshold(Duration.ZERO).build();
        loop.start();
        loop.submit(() -> {
            sleep(150);
            return null;
        }).get(5, TimeUnit.SECONDS);
        loop.close();
        assertEquals(0, loop.counters().stalls());
    }

    private static void sleepLong() {
        sleep(300);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
