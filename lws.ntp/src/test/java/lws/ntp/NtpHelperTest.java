package lws.ntp;

import lws.app.api.NetworkInfo;
import lws.app.api.Resolver;
import lws.app.api.DnsAnswer;
import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helper and client on virtual time with fake servers. */
@Timeout(30)
class NtpHelperTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 123);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 123);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.3", 123);

    private static double offsetMs(TestBed bed) {
        return ((Number) bed.helper.status().get("offset_ms")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> serverStatus(TestBed bed, int index) {
        return ((List<Map<String, Object>>) bed.helper.status().get("servers")).get(index);
    }

    @Test
    void holdsTimeValidUntilAValidatedSample() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1"))) {
            TestBed.FakeServer a = bed.server("127.0.0.1", 123);
            a.offset = Duration.ofMillis(250);
            a.mutate = r -> r.leap = 3; // unsynchronised: must not validate time
            bed.start();
            bed.advance(Duration.ofMillis(100));
            assertEquals(1, bed.sentTo(A).size());
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID), "held: " + bed.system.state());
            assertFalse(bed.system.time().status().synced());
            assertEquals("none", bed.system.time().status().source());
            a.mutate = r -> { };
            bed.advance(Duration.ofSeconds(2));
            assertEquals(2, bed.sentTo(A).size());
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertTrue(bed.system.time().status().synced());
            assertEquals(250.0, offsetMs(bed), 0.01);
            assertEquals(250, bed.system.time().status().offset().toMillis());
        }
    }

    @Test
    void hostPolicyPassesAtOnceAndStillReportsNtpsView() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "host", "ntp.servers", "127.0.0.1"))) {
            bed.server("127.0.0.1", 123).offset = Duration.ofMillis(-40);
            bed.start();
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertEquals("host (unverified)", bed.system.time().status().source());
            bed.advance(Duration.ofMillis(50));
            assertEquals("ntp 127.0.0.1:123", bed.system.time().status().source());
            assertEquals(-40.0, offsetMs(bed), 0.01);
            assertEquals("host", bed.helper.status().get("policy"));
            Instant corrected = bed.system.time().now();
            assertEquals(bed.wall.instant().minusMillis(40), corrected);
        }
    }

    @Test
    void noServersKeepTimeValidHeld() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp"))) {
            bed.start();
            bed.advance(Duration.ofSeconds(5));
            assertTrue(bed.sent.isEmpty());
            assertEquals(SystemState.CPD_PRE_TIME, bed.system.state());
            assertEquals("dhcp", bed.helper.status().get("server_source"));
        }
    }

    @Test
    void aReloadedServerListAppliesLiveKeepingThePeersThatStay() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1, 127.0.0.2"))) {
            bed.server("127.0.0.1", 123);
            bed.server("127.0.0.2", 123);
            bed.server("127.0.0.3", 123);
            bed.start();
            bed.advance(Duration.ofSeconds(10));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            int toA = bed.sentTo(A).size();
            int toB = bed.sentTo(B).size();
            assertTrue(toA > 0 && toB > 0);

            Map<String, String> reloaded = Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.2, 127.0.0.3", "ntp.min-poll", "32s");
            List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
            keys.addAll(NtpSettings.KEYS);
            List<Set<String>> needRestart = new ArrayList<>();
            bed.loop.execute(() -> needRestart.add(bed.system.reconfigure(Config.of(keys, List.of(), reloaded))));
            bed.advance(Duration.ofMinutes(10));

            assertEquals(List.of(Set.of("ntp.min-poll")), needRestart, "ntp.servers applies live; the helper's own keys need a restart");
            assertEquals(toA, bed.sentTo(A).size(), "the dropped server is no longer polled");
            assertTrue(bed.sentTo(B).size() > toB, "the server that stays is still polled");
            assertFalse(bed.sentTo(C).isEmpty(), "the new server is polled");
            List<?> servers = (List<?>) bed.helper.status().get("servers");
            assertEquals(2, servers.size(), servers::toString);
            assertEquals("127.0.0.2:123", serverStatus(bed, 0).get("server"));
        }
    }

    @Test
    void usesDhcpOption42ServersWhenNoneAreConfigured() throws Exception {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp"))) {
            bed.start();
            InetAddress server = InetAddress.ofLiteral("127.0.0.3");
            bed.loop.execute(() -> bed.system.network().publish(new NetworkInfo("lv-cli", List.of(), List.of(),
                    List.of(), List.of(server), List.of(), "dhcp lv-cli")));
            bed.server("127.0.0.3", 123);
            bed.advance(Duration.ofMillis(50));
            assertEquals(1, bed.sentTo(C).size());
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertEquals("dhcp 127.0.0.3:123", serverStatus(bed, 0).get("server"));
        }
    }

    @Test
    void resolvesServerNamesThroughTheSystemResolver() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "time.test:123"))) {
            List<String> asked = new ArrayList<>();
            bed.loop.execute(() -> bed.system.provideResolver(new Resolver() {
                @Override
                public boolean isAvailable() {
                    return true;
                }

                @Override
                public CompletionStage<List<InetAddress>> resolve(String host) {
                    asked.add(host);
                    return CompletableFuture.completedFuture(List.of(InetAddress.ofLiteral("127.0.0.2")));
                }

                @Override
                public CompletionStage<DnsAnswer> lookup(String name, String type) {
                    return CompletableFuture.failedFuture(new UnsupportedOperationException());
                }
            }));
            bed.server("127.0.0.2", 123);
            bed.start();
            bed.advance(Duration.ofMillis(50));
            assertEquals(List.of("time.test"), asked);
            assertEquals(1, bed.sentTo(B).size());
            assertEquals("time.test:123", serverStatus(bed, 0).get("server"));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
        }
    }

    @Test
    void aForgedOriginDoesNotEndTheRequest() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1"))) {
            TestBed.FakeServer a = bed.server("127.0.0.1", 123);
            a.outbound = Duration.ofMillis(50);
            a.back = Duration.ofMillis(50);
            bed.start();
            byte[] request = bed.sentTo(A).getFirst().bytes();
            Replies.Builder forged = Replies.validFor(request, TestBed.BOOT.plusSeconds(3600));
            forged.origin ^= 0x10;
            bed.deliver(A, forged.bytes());
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID));
            bed.advance(Duration.ofMillis(250));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertEquals(0.0, offsetMs(bed), 0.01);
            assertEquals(Map.of("origin", 1L), bed.helper.status().get("rejected"));
        }
    }

    @Test
    void aReplyFromAnAddressWeDidNotAskIsIgnored() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1"))) {
            bed.server("127.0.0.1", 123).answering = false;
            bed.start();
            byte[] request = bed.sentTo(A).getFirst().bytes();
            byte[] reply = Replies.validFor(request, TestBed.BOOT).bytes();
            bed.deliver(new InetSocketAddress("127.0.0.1", 124), reply);
            bed.deliver(B, reply);
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID));
            assertEquals(Map.of("unknown_source", 2L), bed.helper.status().get("rejected"));
        }
    }

    @Test
    void rejectedRepliesAreCountedAndNeverValidateTime() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1", "ntp.samples", "8"))) {
            TestBed.FakeServer a = bed.server("127.0.0.1", 123);
            List<java.util.function.Consumer<Replies.Builder>> bad = new ArrayList<>(List.of(
                    r -> r.stratum = 0, r -> r.stratum = 16, r -> r.leap = 3, r -> r.mode = 3,
                    r -> r.version = 2, r -> r.transmit = 0, r -> r.rootDispersion16 = 2L << 16));
            a.mutate = r -> bad.removeFirst().accept(r);
            bed.start();
            bed.advance(Duration.ofSeconds(7 * 2));
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID));
            assertEquals(Map.of("mode", 1L, "version", 1L, "stratum", 2L, "leap", 1L, "zero_timestamp", 1L,
                    "root_distance", 1L), bed.helper.status().get("rejected"));
            a.mutate = r -> { };
            bed.advance(Duration.ofSeconds(2));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
        }
    }

    @Test
    void rateKissEndsTheBurstAndBacksOff() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "host", "ntp.servers", "127.0.0.1"))) {
            TestBed.FakeServer a = bed.server("127.0.0.1", 123);
            a.mutate = r -> r.kiss("RATE");
            bed.start();
            bed.advance(Duration.ofSeconds(127));
            assertEquals(1, bed.sentTo(A).size(), "no more requests in the burst");
            assertEquals("RATE", serverStatus(bed, 0).get("kiss"));
            assertEquals(128L, serverStatus(bed, 0).get("poll_s"));
            bed.advance(Duration.ofSeconds(2));
            assertEquals(2, bed.sentTo(A).size(), "next burst after the doubled interval");
        }
    }

    @Test
    void denyKissDropsTheServer() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1"))) {
            bed.server("127.0.0.1", 123).mutate = r -> r.kiss("DENY");
            bed.start();
            bed.advance(Duration.ofSeconds(3000));
            assertEquals(1, bed.sentTo(A).size());
            assertEquals("denied", serverStatus(bed, 0).get("state"));
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID));
        }
    }

    @Test
    void aBurstKeepsItsLowestDelaySample() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1"))) {
            TestBed.FakeServer a = bed.server("127.0.0.1", 123);
            a.offset = Duration.ofMillis(100);
            // Asymmetric legs bias the offset by (outbound - back) / 2; the 2 ms round trip has none.
            a.legs.addAll(List.of(new long[] {30, 10}, new long[] {1, 1}, new long[] {5, 45}, new long[] {20, 0}));
            bed.start();
            bed.advance(Duration.ofMillis(100));
            assertEquals(110.0, offsetMs(bed), 0.01, "first sample alone");
            bed.advance(Duration.ofSeconds(8));
            assertEquals(4, bed.sentTo(A).size());
            assertEquals(100.0, offsetMs(bed), 0.01);
            assertEquals(2.0, ((Number) bed.helper.status().get("delay_ms")).doubleValue(), 0.01);
        }
    }

    @Test
    void pollIntervalGrowsFrom64To1024SecondsWhileStable() {
        try (TestBed bed = new TestBed(Map.of("ntp.servers", "127.0.0.1", "ntp.samples", "1"))) {
            bed.server("127.0.0.1", 123);
            bed.start();
            bed.advance(Duration.ofSeconds(64 + 128 + 256 + 512 + 1024 + 1024 + 1));
            List<Long> gaps = gapsSeconds(bed.sentTo(A));
            assertEquals(List.of(64L, 128L, 256L, 512L, 1024L, 1024L), gaps);
        }
    }

    @Test
    void anUnreachableServerIsPolledLessAndLess() {
        try (TestBed bed = new TestBed(Map.of("ntp.servers", "127.0.0.1", "ntp.samples", "1"))) {
            bed.server("127.0.0.1", 123).answering = false;
            bed.start();
            bed.advance(Duration.ofSeconds(1 + 128 + 1 + 256 + 1 + 512 + 1 + 1024 + 1));
            assertEquals(List.of(129L, 257L, 513L, 1025L), gapsSeconds(bed.sentTo(A)));
            assertEquals("unreachable", serverStatus(bed, 0).get("state"));
            assertEquals(5L, serverStatus(bed, 0).get("timeouts"), "every request timed out");
        }
    }

    private static List<Long> gapsSeconds(List<TestBed.Sent> sent) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sent.size(); i++) {
            gaps.add(Math.round((sent.get(i).monoNanos() - sent.get(i - 1).monoNanos()) / 1e9));
        }
        return gaps;
    }

    @Test
    void twoServersOneDeadReachesTimeValidAfterTheTimeout() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1,127.0.0.2"))) {
            bed.server("127.0.0.1", 123).offset = Duration.ofMillis(7);
            bed.server("127.0.0.2", 123).answering = false;
            bed.start();
            bed.advance(Duration.ofMillis(500));
            assertFalse(bed.system.state().hasReached(SystemState.TIME_VALID), "one of two is no majority yet");
            bed.advance(Duration.ofMillis(600));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertEquals(7.0, offsetMs(bed), 0.01);
            assertEquals("unreachable", serverStatus(bed, 1).get("state"));
        }
    }

    @Test
    void threeServersOutvoteAFalseticker() {
        try (TestBed bed = new TestBed(Map.of("time.policy", "ntp", "ntp.servers", "127.0.0.1,127.0.0.2,127.0.0.3"))) {
            bed.server("127.0.0.1", 123).offset = Duration.ofMillis(3);
            bed.server("127.0.0.2", 123).offset = Duration.ofMillis(4);
            TestBed.FakeServer liar = bed.server("127.0.0.3", 123);
            liar.offset = Duration.ofSeconds(3600);
            liar.outbound = Duration.ZERO; // answers first
            liar.back = Duration.ZERO;
            bed.start();
            bed.advance(Duration.ofMillis(100));
            assertEquals(SystemState.OPERATIONAL, bed.system.state());
            assertEquals(3.5, offsetMs(bed), 0.6);
            assertEquals("falseticker", serverStatus(bed, 2).get("selection"));
        }
    }

    @Test
    void timersFollowTheMonotonicClockWhenTheWallClockSteps() {
        try (TestBed bed = new TestBed(Map.of("ntp.servers", "127.0.0.1", "ntp.samples", "1"))) {
            bed.server("127.0.0.1", 123).offset = Duration.ofMillis(20);
            bed.start();
            bed.advance(Duration.ofSeconds(1));
            Instant before = bed.system.time().now();
            bed.wall.step(Duration.ofHours(-2));
            bed.advance(Duration.ofSeconds(63));
            assertEquals(1, bed.sentTo(A).size());
            assertEquals(before.plusSeconds(63), bed.system.time().now(), "corrected time ignores the step");
            bed.advance(Duration.ofSeconds(1));
            assertEquals(2, bed.sentTo(A).size(), "the poll timer fired on time despite the step");
            assertEquals(Duration.ofHours(2).plusMillis(20).toMillis(), Math.round(offsetMs(bed)));
        }
    }

    @Test
    void aSteppingClockSetterShiftsStoredSamples() {
        List<Duration> asked = new ArrayList<>();
        TestBed[] holder = new TestBed[1];
        ClockSetter stepper = new ClockSetter() {
            @Override
            public String name() {
                return "test-step";
            }

            @Override
            public Adjustment adjust(Duration offset) {
                asked.add(offset);
                holder[0].wall.step(offset);
                return new Adjustment(Adjustment.Kind.STEPPED, offset);
            }
        };
        try (TestBed bed = new TestBed(Map.of("ntp.servers", "127.0.0.1", "ntp.samples", "2"), stepper)) {
            holder[0] = bed;
            bed.server("127.0.0.1", 123).offset = Duration.ofMillis(500);
            bed.start();
            bed.advance(Duration.ofSeconds(3));
            assertEquals(1, asked.size());
            assertEquals(500_000, asked.getFirst().toNanos() / 1_000, 1, "µs");
            assertEquals(0.0, offsetMs(bed), 0.01, "samples shifted by the step");
            bed.advance(Duration.ofSeconds(70));
            assertEquals(2, asked.size());
            assertEquals(0, asked.get(1).toMillis(), "the next burst measures the stepped clock");
        }
    }
}
