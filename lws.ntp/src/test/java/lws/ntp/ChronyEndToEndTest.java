package lws.ntp;

import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.SystemContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helper on a real system loop against a real chronyd on loopback. */
@Timeout(60)
class ChronyEndToEndTest {
    private static Chrony chrony;

    @BeforeAll
    static void startChrony() throws Exception {
        chrony = Chrony.start();
    }

    @AfterAll
    static void stopChrony() throws Exception {
        if (chrony != null) {
            chrony.close();
        }
    }

    private static SystemContext system(NtpHelper helper, Map<String, String> settings) {
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(NtpSettings.KEYS);
        return SystemContext.builder().config(Config.of(keys, List.of(), settings)).helpers(List.of(helper)).build();
    }

    private static void awaitTimeValid(SystemContext system) throws InterruptedException {
        CountDownLatch valid = new CountDownLatch(1);
        system.attach("test", SystemState.TIME_VALID, valid::countDown);
        assertTrue(valid.await(10, TimeUnit.SECONDS), "TIME_VALID not reached; state " + system.state());
    }

    private static Map<String, Object> status(SystemContext system, NtpHelper helper) throws Exception {
        return system.loop().submit(helper::status).get(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(Map<String, Object> status, int index) {
        return ((List<Map<String, Object>>) status.get("servers")).get(index);
    }

    private static Map<String, Object> awaitStatus(SystemContext system, NtpHelper helper,
            Predicate<Map<String, Object>> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, Object> s = status(system, helper);
        while (!condition.test(s)) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + ": " + s);
            Thread.sleep(50);
            s = status(system, helper);
        }
        return s;
    }

    /**
     * chronyd serves the host clock, so the true offset is ~0 and a sample's error is at most half its
     * round trip: check that bound at TIME_VALID (the first sample, which a cold JVM or a busy machine
     * may delay), then the ±5 ms of the issue on the burst's lowest-delay sample.
     */
    private static Map<String, Object> checkOffsets(SystemContext system, NtpHelper helper) throws Exception {
        Map<String, Object> first = status(system, helper);
        double offset = ((Number) first.get("offset_ms")).doubleValue();
        double delay = ((Number) first.get("delay_ms")).doubleValue();
        assertTrue(Math.abs(offset) <= delay / 2 + 0.5, "first sample: offset " + offset + " ms, delay " + delay + " ms");
        Map<String, Object> s = awaitStatus(system, helper, st -> ((Number) server(st, 0).get("accepted")).longValue() >= 4,
                "a whole burst");
        double best = ((Number) s.get("offset_ms")).doubleValue();
        assertTrue(Math.abs(best) <= 5.0, "offset " + best + " ms after the burst");
        return s;
    }

    @Test
    void reachesTimeValidWithAnOffsetWithinFiveMilliseconds() throws Exception {
        NtpHelper helper = new NtpHelper();
        try (SystemContext system = system(helper, Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1:" + chrony.port,
                "ntp.sample-interval", "100ms"))) {
            system.start().get(5, TimeUnit.SECONDS);
            awaitTimeValid(system);
            Map<String, Object> s = checkOffsets(system, helper);
            assertEquals(8, s.get("stratum"));
            assertEquals("127.127.1.1", s.get("refid"));
            assertEquals(true, s.get("synced"));
            assertTrue(((Number) s.get("delay_ms")).doubleValue() < 10.0, "loopback delay " + s.get("delay_ms"));
            Duration corrected = Duration.between(Instant.now(), system.time().now()).abs();
            assertTrue(corrected.toMillis() <= 5, "time() differs from the host clock by " + corrected);
            assertTrue(system.time().status().synced());
        }
    }

    @Test
    void twoServersOneDead() throws Exception {
        NtpHelper helper = new NtpHelper();
        int dead = Chrony.freeUdpPort();
        try (SystemContext system = system(helper, Map.of("time.policy", "ntp", "ntp.timeout", "300ms",
                "ntp.sample-interval", "100ms", "ntp.servers", "127.0.0.1:" + chrony.port + ",127.0.0.1:" + dead))) {
            system.start().get(5, TimeUnit.SECONDS);
            awaitTimeValid(system);
            Map<String, Object> s = checkOffsets(system, helper);
            assertEquals("system-peer", server(s, 0).get("selection"));
            assertEquals("unreachable", server(s, 1).get("state"));
            assertTrue(((Number) server(s, 1).get("timeouts")).longValue() >= 1);
        }
    }

    @Test
    void aServerThatStopsAnsweringBecomesUnreachableAndTheOtherCarriesOn() throws Exception {
        NtpHelper helper = new NtpHelper();
        try (UdpProxy proxy = new UdpProxy(chrony.address());
             SystemContext system = system(helper, Map.of("time.policy", "ntp", "ntp.samples", "4",
                     "ntp.sample-interval", "100ms", "ntp.timeout", "150ms", "ntp.min-poll", "1s", "ntp.max-poll", "1s",
                     "ntp.servers", "127.0.0.1:" + proxy.address().getPort() + ",127.0.0.1:" + chrony.port))) {
            system.start().get(5, TimeUnit.SECONDS);
            awaitTimeValid(system);
            awaitStatus(system, helper, s -> "reachable".equals(server(s, 0).get("state"))
                    && "reachable".equals(server(s, 1).get("state")), "both reachable");
            proxy.answering = false;
            Map<String, Object> s = awaitStatus(system, helper, st -> "unreachable".equals(server(st, 0).get("state")),
                    "the silenced server to become unreachable");
            assertEquals("system-peer", server(s, 1).get("selection"));
            assertEquals(true, s.get("synced"));
            assertTrue(Math.abs(((Number) s.get("offset_ms")).doubleValue()) <= 5.0);
            proxy.answering = true;
            awaitStatus(system, helper, st -> "reachable".equals(server(st, 0).get("state")), "the server to come back");
        }
    }
}
