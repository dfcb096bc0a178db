package lws.dns;

import lws.app.api.DnsAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EDNS fallback (RFC 6891 §7) on virtual time over a fake network. */
class EdnsFallbackTest {
    private static ARecord a(String name, String address) throws Exception {
        return new ARecord(Name.fromString(name), DClass.IN, 60, InetAddress.getByName(address));
    }

    /** A FORMERR reply as an old server sends it: same id, QR, no question, no OPT. */
    private static byte[] formerrWithoutQuestion(FakeNetwork.Sent query) {
        Message m = new Message(query.id());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.FORMERR);
        return m.toWire();
    }

    /** BADVERS (16): header rcode 0, extended rcode 1 in the OPT record. */
    private static byte[] badvers(FakeNetwork.Sent query) throws Exception {
        Message m = new Message(Rig.reply(query, Rcode.BADVERS & 0xf));
        m.addRecord(new OPTRecord(1232, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
        return m.toWire();
    }

    @Test
    void formerrToAnEdnsQueryIsAskedAgainAtOnceWithoutOptAndRemembered() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("old.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            assertNotNull(first.message().getOPT(), "EDNS by default");
            rig.net.deliver(first, Rig.S1, formerrWithoutQuestion(first));

            FakeNetwork.Sent retry = rig.net.last();
            assertEquals(2, rig.net.sent.size(), "asked again without waiting for the timeout");
            assertEquals(Rig.S1, retry.to(), "the same server, not the next one");
            assertNull(retry.message().getOPT(), "without EDNS");
            assertTrue(retry.id() != first.id() || retry.socket() != first.socket(), "a new try");
            rig.net.deliver(retry, Rig.S1, Rig.reply(retry, Rcode.NOERROR, a("old.test.", "192.0.2.7")));
            assertEquals(List.of("192.0.2.7"), Rig.done(answer).records());
            assertEquals(1, rig.counters.ednsFallbacks);
            assertEquals(0, rig.counters.serverErrors);
            assertEquals(List.of(Rig.S1), rig.engine.edns.servers(rig.engine.now()));

            rig.resolver.lookup("next.test", "A");
            assertNull(rig.net.last().message().getOPT(), "the server is remembered: no OPT, no second FORMERR");
            rig.advance(EdnsFallback.REMEMBER);
            rig.resolver.lookup("later.test", "A");
            assertNotNull(rig.net.last().message().getOPT(), "EDNS again after " + EdnsFallback.REMEMBER);
            assertEquals(List.of(), rig.engine.edns.servers(rig.engine.now()));
        }
    }

    @Test
    void aFallbackThatGoesUnansweredEndsInATimeoutNotInTheFormerr() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("silent.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.net.deliver(first, Rig.S1, formerrWithoutQuestion(first));
            rig.advance(Duration.ofSeconds(1));
            rig.advance(Duration.ofSeconds(2));
            rig.advance(Duration.ofSeconds(4));
            assertEquals("silent.test: timeout after 4 tries to 127.0.0.1:5354", Rig.failure(answer));
            assertEquals(4, rig.net.sent.size());
            for (FakeNetwork.Sent plain : rig.net.sent.subList(1, 4)) {
                assertNull(plain.message().getOPT(), "every retry without EDNS");
            }
        }
    }

    @Test
    void notimpAndBadversAlsoFallBack() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("notimp.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.net.deliver(first, Rig.S1, Rig.reply(first, Rcode.NOTIMP));
            FakeNetwork.Sent retry = rig.net.last();
            assertNull(retry.message().getOPT());
            rig.net.deliver(retry, Rig.S1, Rig.reply(retry, Rcode.NOERROR, a("notimp.test.", "192.0.2.8")));
            assertEquals(List.of("192.0.2.8"), Rig.done(answer).records());
        }
        try (Rig rig = new Rig(List.of(Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("badvers.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            byte[] reply = badvers(first);
            assertEquals(Rcode.BADVERS, new Message(reply).getRcode(), "extended rcode 16 through the OPT record");
            rig.net.deliver(first, Rig.S2, reply);
            FakeNetwork.Sent retry = rig.net.last();
            assertEquals(2, rig.net.sent.size());
            assertNull(retry.message().getOPT());
            rig.net.deliver(retry, Rig.S2, Rig.reply(retry, Rcode.NOERROR, a("badvers.test.", "192.0.2.9")));
            assertEquals(List.of("192.0.2.9"), Rig.done(answer).records());
            assertEquals(1, rig.counters.ednsFallbacks);
        }
    }

    @Test
    void formerrToAQueryWithoutOptIsAServerError() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1, Rig.S2))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("broken.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            rig.net.deliver(first, Rig.S1, formerrWithoutQuestion(first));
            FakeNetwork.Sent plain = rig.net.last();
            rig.net.deliver(plain, Rig.S1, formerrWithoutQuestion(plain));
            FakeNetwork.Sent next = rig.net.last();
            assertEquals(Rig.S2, next.to(), "a FORMERR without EDNS strikes the server: the next one is asked");
            assertNotNull(next.message().getOPT(), "the other server still gets EDNS");
            rig.net.deliver(next, Rig.S2, Rig.reply(next, Rcode.FORMERR));
            FakeNetwork.Sent nextPlain = rig.net.last();
            rig.net.deliver(nextPlain, Rig.S2, Rig.reply(nextPlain, Rcode.FORMERR));
            assertEquals("broken.test: FORMERR from 127.0.0.2:5355", Rig.failure(answer));
            assertEquals(2, rig.counters.ednsFallbacks);
            assertEquals(2, rig.counters.serverErrors);
            assertEquals(4, rig.net.sent.size());
        }
    }

    @Test
    void aQuestionlessReplyThatIsNotFormerrOrNotimpIsStillRejected() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("spoof.test", "A");
            FakeNetwork.Sent first = rig.net.last();
            Message m = new Message(first.id());
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setRcode(Rcode.NXDOMAIN);
            rig.net.deliver(first, Rig.S1, m.toWire());
            assertEquals(1, rig.counters.rejectedCount(Rejection.QUESTION_MISMATCH));
            assertTrue(!answer.toCompletableFuture().isDone(), "the lookup keeps waiting for the real reply");
            rig.advance(Duration.ofMillis(10));
            assertEquals(1, rig.net.sent.size());
        }
    }
}
