package lws.dns;

import lws.app.api.DnsAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Each way a forged or broken reply can differ from the real one is rejected, and the query keeps waiting. */
class SpoofingTest {
    private static final ARecord FORGED = record("a.test.", "203.0.113.66");
    private static final ARecord REAL = record("a.test.", "192.0.2.1");

    private static ARecord record(String name, String address) {
        try {
            return new ARecord(Name.fromString(name), DClass.IN, 60, InetAddress.getByName(address));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void rejects(Rejection reason, InetSocketAddress from, UnaryOperator<byte[]> forge) {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, from, forge.apply(Rig.reply(q, Rcode.NOERROR, FORGED)));
            assertEquals(1, rig.counters.rejectedCount(reason), reason + " counted");
            assertFalse(answer.toCompletableFuture().isDone(), "the forged reply did not answer the query");
            rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NOERROR, REAL));
            assertEquals(List.of("192.0.2.1"), Rig.done(answer).records(), "the real reply is still taken");
        }
    }

    @Test
    void rejectsAReplyFromAnotherAddress() {
        rejects(Rejection.WRONG_SERVER, new InetSocketAddress("127.0.0.9", 5354), b -> b);
    }

    @Test
    void rejectsAReplyFromAnotherPortOfTheServer() {
        rejects(Rejection.WRONG_SERVER, new InetSocketAddress("127.0.0.1", 5355), b -> b);
    }

    @Test
    void rejectsAReplyWithAnotherId() {
        rejects(Rejection.UNKNOWN_ID, Rig.S1, b -> {
            b[1] ^= 0x01;
            return b;
        });
    }

    @Test
    void rejectsAMessageWithoutTheQrBit() {
        rejects(Rejection.NOT_RESPONSE, Rig.S1, b -> {
            b[2] &= 0x7f;
            return b;
        });
    }

    @Test
    void rejectsAReplyToAnotherName() {
        rejects(Rejection.QUESTION_MISMATCH, Rig.S1, b -> withQuestion(b, "b.test.", Type.A));
    }

    @Test
    void rejectsAReplyToAnotherType() {
        rejects(Rejection.QUESTION_MISMATCH, Rig.S1, b -> withQuestion(b, "a.test.", Type.AAAA));
    }

    @Test
    void rejectsADatagramShorterThanAHeader() {
        rejects(Rejection.MALFORMED, Rig.S1, b -> Arrays.copyOf(b, 5));
    }

    @Test
    void rejectsAReplyCutInTheMiddleOfARecord() {
        rejects(Rejection.MALFORMED, Rig.S1, b -> Arrays.copyOf(b, b.length - 3));
    }

    @Test
    void rejectsTheRightIdOnAnotherSocket() {
        try (Rig rig = new Rig(Rig.settings(0, 100, 1), List.of(Rig.S1), List.of(), 1)) {
            CompletionStage<DnsAnswer> first = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent q1 = rig.net.last();
            rig.resolver.lookup("b.test", "A");
            FakeNetwork.Sent q2 = rig.net.last();
            rig.net.deliver(q2, Rig.S1, Rig.reply(q1, Rcode.NOERROR, FORGED));
            assertEquals(1, rig.counters.rejectedCount(Rejection.UNKNOWN_ID));
            assertFalse(first.toCompletableFuture().isDone());
        }
    }

    @Test
    void aDuplicateReplyAfterTheAnswerIsAnUnknownId() {
        try (Rig rig = new Rig(Rig.settings(0, 100, 64), List.of(Rig.S1), List.of(), 1)) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            byte[] real = Rig.reply(q, Rcode.NOERROR, REAL);
            rig.net.deliver(q, Rig.S1, real);
            rig.net.deliver(q, Rig.S1, real);
            assertEquals(List.of("192.0.2.1"), Rig.done(answer).records());
            assertEquals(1, rig.counters.rejectedCount(Rejection.UNKNOWN_ID));
        }
    }

    private static byte[] withQuestion(byte[] reply, String name, int type) {
        try {
            Message m = new Message(reply);
            Message out = new Message(m.getHeader().getID());
            out.setHeader(m.getHeader());
            out.getHeader().setID(m.getHeader().getID());
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            q.getHeader().setID(m.getHeader().getID());
            return Rig.reply(q, Rcode.NOERROR, m.getSection(org.xbill.DNS.Section.ANSWER), List.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
