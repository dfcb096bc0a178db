package lws.dns;

import lws.app.api.DnsAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retransmission, backoff, failover, rcode handling and TC→TCP, on virtual time over a fake network. */
class RetransmitTest {
    private static ARecord a(String name, String address, long ttl) throws Exception {
        return new ARecord(Name.fromString(name), org.xbill.DNS.DClass.IN, ttl, InetAddress.getByName(address));
    }

    @Test
    void retransmitsWithDoublingTimeoutThenFailsNamingTriesAndServer() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            assertEquals(1, rig.net.sent.size());
            rig.advance(Duration.ofMillis(999));
            assertEquals(1, rig.net.sent.size(), "no retry before the 1 s timeout");
            rig.advance(Duration.ofMillis(1));
            assertEquals(2, rig.net.sent.size(), "second try after 1 s");
            rig.advance(Duration.ofMillis(1999));
            assertEquals(2, rig.net.sent.size(), "second try waits 2 s");
            rig.advance(Duration.ofMillis(1));
            assertEquals(3, rig.net.sent.size(), "third try after 2 s more");
            rig.advance(Duration.ofMillis(3999));
            assertFalse(answer.toCompletableFuture().isDone());
            rig.advance(Duration.ofMillis(1));
            assertEquals("a.test: timeout after 3 tries to 127.0.0.1:5354", Rig.failure(answer));
            assertEquals(3, rig.counters.timeouts);
            assertEquals(3, rig.counters.queries);
            assertEquals(0, rig.engine.inFlight());
        }
    }

    @Test
    void everyTryHasItsOwnIdAndTheSameQuestion() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            rig.resolver.lookup("a.test", "A");
            rig.advance(Duration.ofSeconds(1));
            rig.advance(Duration.ofSeconds(2));
            List<FakeNetwork.Sent> sent = rig.net.sent;
            assertEquals(3, sent.size());
            assertTrue(sent.get(0).id() != sent.get(1).id() || sent.get(1).id() != sent.get(2).id(), "ids vary");
            for (FakeNetwork.Sent s : sent) {
                Message q = s.message();
                assertEquals("a.test.", q.getQuestion().getName().toString());
                assertTrue(q.getHeader().getFlag(Flags.RD));
                assertEquals(1232, q.getOPT().getPayloadSize());
            }
        }
    }

    @Test
    void failsOverToTheNextServerAfterATimeout() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            assertEquals(Rig.S1, rig.net.last().to());
            rig.advance(Duration.ofSeconds(1));
            FakeNetwork.Sent second = rig.net.last();
            assertEquals(Rig.S2, second.to());
            rig.net.deliver(second, Rig.S2, Rig.reply(second, Rcode.NOERROR, a("a.test.", "192.0.2.1", 60)));
            assertEquals(List.of("192.0.2.1"), Rig.done(answer).records());
        }
    }

    @Test
    void aLateReplyToAnEarlierTryIsStillTaken() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.advance(Duration.ofSeconds(1));
            rig.net.deliver(first, Rig.S1, Rig.reply(first, Rcode.NOERROR, a("a.test.", "192.0.2.1", 60)));
            assertEquals(List.of("192.0.2.1"), Rig.done(answer).records());
            rig.advance(Duration.ofSeconds(10));
            assertEquals(2, rig.net.sent.size(), "no try after the answer");
        }
    }

    @Test
    void servfailAndRefusedMoveToTheNextServerAtOnce() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.net.deliver(first, Rig.S1, Rig.reply(first, Rcode.SERVFAIL));
            FakeNetwork.Sent second = rig.net.last();
            assertEquals(Rig.S2, second.to(), "next server without waiting for the timeout");
            rig.net.deliver(second, Rig.S2, Rig.reply(second, Rcode.REFUSED));
            assertEquals("a.test: REFUSED from 127.0.0.2:5355", Rig.failure(answer));
            assertEquals(2, rig.net.sent.size(), "a server that answered with an error is not asked again");
            assertEquals(2, rig.counters.serverErrors);
        }
    }

    @Test
    void nxdomainEndsTheLookupWithoutAskingOtherServers() {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("nope.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.net.deliver(first, Rig.S1, Rig.reply(first, Rcode.NXDOMAIN));
            assertEquals("nope.test: NXDOMAIN", Rig.failure(answer));
            assertEquals(1, rig.net.sent.size());
        }
    }

    /** Answers the last query from {@link Rig#S1} with an empty TC=1 reply. */
    private static void truncatedFromS1(Rig rig) throws Exception {
        FakeNetwork.Sent first = rig.net.last();
        Message tc = new Message(Rig.reply(first, Rcode.NOERROR));
        tc.getHeader().setFlag(Flags.TC);
        rig.net.deliver(first, Rig.S1, tc.toWire());
    }

    @Test
    void truncatedReplyIsRetriedOverTcpToTheSameServer() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("big.test", "A");
            truncatedFromS1(rig);
            assertEquals(1, rig.net.tcp.size());
            FakeNetwork.TcpCall call = rig.net.tcp.getFirst();
            assertEquals(Rig.S1, call.server);
            Message q = new Message(call.query);
            byte[] full = Rig.reply(q, Rcode.NOERROR, List.of(a("big.test.", "198.51.100.1", 60), a("big.test.", "198.51.100.2", 60)), List.of());
            rig.advance(Duration.ofSeconds(1));
            assertEquals(1, rig.net.sent.size(), "the UDP retry timer is off while TCP runs");
            call.reply.completed(full);
            assertEquals(List.of("198.51.100.1", "198.51.100.2"), Rig.done(answer).records());
            assertEquals(1, rig.counters.tcpQueries);
        }
    }

    @Test
    void aTcpReplyWithAnotherIdIsRejectedAndTheNextServerAsked() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("big.test", "A");
            truncatedFromS1(rig);
            FakeNetwork.TcpCall call = rig.net.tcp.getFirst();
            Message q = new Message(call.query);
            q.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
            call.reply.completed(Rig.reply(q, Rcode.NOERROR, List.of(a("big.test.", "198.51.100.9", 60)), List.of()));
            assertEquals(1, rig.counters.rejectedCount(Rejection.UNKNOWN_ID));
            FakeNetwork.Sent second = rig.net.last();
            assertEquals(Rig.S2, second.to());
            rig.net.deliver(second, Rig.S2, Rig.reply(second, Rcode.NOERROR, a("big.test.", "198.51.100.1", 60)));
            assertEquals(List.of("198.51.100.1"), Rig.done(answer).records());
        }
    }

    @Test
    void lookupsBeyondTheInFlightBoundFailAtOnce() {
        try (Rig rig = new Rig(Rig.settings(0, 2, 64), List.of(Rig.S1), List.of(), 1)) {
            rig.resolver.lookup("one.test", "A");
            rig.resolver.lookup("two.test", "A");
            assertEquals("three.test: too many queries in flight (limit 2)", Rig.failure(rig.resolver.lookup("three.test", "A")));
            assertEquals(1, rig.counters.overloaded);
        }
    }

    @Test
    void socketsAreReplacedAfterTheirQuotaSoSourcePortsKeepChanging() {
        try (Rig rig = new Rig(Rig.settings(0, 1000, 2), List.of(Rig.S1), List.of(), 1)) {
            for (int i = 0; i < 40; i++) {
                rig.resolver.lookup("n" + i + ".test", "A");
            }
            long ports = rig.net.sent.stream().mapToInt(s -> s.socket().port).distinct().count();
            assertTrue(ports >= 20, "40 queries at 2 per socket use at least 20 ports, used " + ports);
            for (FakeNetwork.Sent s : rig.net.sent) {
                rig.net.deliver(s, Rig.S1, Rig.reply(s, Rcode.NXDOMAIN));
            }
            long open = rig.net.sockets.stream().filter(s -> !s.closed).count();
            assertTrue(open <= 4, "retired sockets close once drained; open: " + open);
        }
    }

    @Test
    void resolveAsksAAndAaaaInParallelAndOrdersByFamily() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<List<InetAddress>> addresses = rig.resolver.resolve("dual.test");
            assertEquals(2, rig.net.sent.size(), "A and AAAA both on the wire before any reply");
            FakeNetwork.Sent qa = rig.net.sent.get(0);
            FakeNetwork.Sent qaaaa = rig.net.sent.get(1);
            assertEquals(org.xbill.DNS.Type.A, qa.message().getQuestion().getType());
            assertEquals(org.xbill.DNS.Type.AAAA, qaaaa.message().getQuestion().getType());
            rig.net.deliver(qaaaa, Rig.S1, Rig.reply(qaaaa, Rcode.NOERROR, new org.xbill.DNS.AAAARecord(
                    Name.fromString("dual.test."), org.xbill.DNS.DClass.IN, 60, InetAddress.getByName("2001:db8::2"))));
            assertFalse(addresses.toCompletableFuture().isDone());
            rig.net.deliver(qa, Rig.S1, Rig.reply(qa, Rcode.NOERROR, a("dual.test.", "192.0.2.2", 60)));
            assertEquals(List.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8::2")), Rig.done(addresses));
        }
    }

    @Test
    void ipv6ServersUseIpv6Sockets() {
        InetSocketAddress v6 = new InetSocketAddress("::1", 5354);
        try (Rig rig = new Rig(List.of(v6))) {
            rig.resolver.lookup("a.test", "A");
            assertTrue(rig.net.last().socket().ipv6);
            assertNotEquals(0, rig.net.last().socket().port);
        }
    }

    @Test
    void stoppingFailsTheLookupsInFlightAndClosesTheSockets() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            rig.engine.close("resolver stopped");
            assertEquals("a.test: resolver stopped", Rig.failure(answer));
            assertTrue(rig.net.sockets.stream().allMatch(s -> s.closed));
            assertEquals(0, rig.engine.inFlight());
            rig.advance(Duration.ofSeconds(10));
            assertEquals(1, rig.net.sent.size(), "no retry after the stop");
        }
    }
}
