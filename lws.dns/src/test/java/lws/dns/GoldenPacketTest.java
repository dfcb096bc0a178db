package lws.dns;

import lws.app.api.DnsAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec and the reply reading on packets captured from dnsmasq (see {@link GoldenCapture}). */
class GoldenPacketTest {
    private static final long NOW = 1_000_000_000L;

    private static CacheEntry read(String golden, String name, int type) throws Exception {
        return ReplyReader.read(new Message(Golden.load(golden).reply()), Name.fromString(name), Names.key(name), type, NOW, 3600);
    }

    @Test
    void ourQueryIsByteForByteTheOneDnsmasqWasAsked() throws Exception {
        Golden g = Golden.load("a-A");
        Message q = Message.newQuery(Record.newRecord(Name.fromString("a.test."), Type.A, DClass.IN));
        q.getHeader().setID(0x1234);
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        assertArrayEquals(g.query(), q.toWire());
    }

    @Test
    void theEngineEncodesTheSameQueryAsDnsjavasMessage() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent sent = rig.net.last();
            byte[] expected = Golden.load("a-A").query().clone();
            expected[0] = sent.bytes()[0];
            expected[1] = sent.bytes()[1];
            assertArrayEquals(expected, sent.bytes());
        }
    }

    @Test
    void readsAnARecord() throws Exception {
        CacheEntry.Positive p = assertInstanceOf(CacheEntry.Positive.class, read("a-A", "a.test.", Type.A));
        assertEquals("a.test", p.name());
        assertEquals(List.of("192.0.2.1"), p.records());
        assertEquals(NOW + 60_000_000_000L, p.expiresAt(), "dnsmasq local-ttl=60");
    }

    @Test
    void readsAnAaaaRecord() throws Exception {
        CacheEntry.Positive p = assertInstanceOf(CacheEntry.Positive.class, read("aaaa-AAAA", "aaaa.test.", Type.AAAA));
        assertEquals(List.of("2001:db8::1"), p.records());
        assertEquals("aaaa.test/2001:db8:0:0:0:0:0:1", p.addresses().getFirst().toString());
    }

    @Test
    void followsTheWholeCnameChainInOneReply() throws Exception {
        CacheEntry.Positive p = assertInstanceOf(CacheEntry.Positive.class, read("www-A-cname-chain", "www.test.", Type.A));
        assertEquals("dual.test", p.name());
        assertEquals(List.of("192.0.2.2"), p.records());
    }

    @Test
    void nxdomainWithoutSoaIsNegativeButNotCacheable() throws Exception {
        CacheEntry.Negative n = assertInstanceOf(CacheEntry.Negative.class, read("nope-A-nxdomain", "nope.test.", Type.A));
        assertTrue(n.nxdomain());
        assertEquals(NOW, n.expiresAt(), "RFC 2308 §5: no SOA, no negative caching");
    }

    @Test
    void nodataIsNegativeWithoutNxdomain() throws Exception {
        CacheEntry.Negative n = assertInstanceOf(CacheEntry.Negative.class, read("a-AAAA-nodata", "a.test.", Type.AAAA));
        assertEquals(false, n.nxdomain());
    }

    @Test
    void readsTxtInPresentationFormat() throws Exception {
        CacheEntry.Positive p = assertInstanceOf(CacheEntry.Positive.class, read("txt-TXT", "txt.test.", Type.TXT));
        assertEquals(List.of("\"v=test1 hello world\" \"second string\""), p.records());
    }

    @Test
    void dnsmasqTruncatesFortyRecordsWithoutEdnsAndTcpCarriesAll() throws Exception {
        Message udp = new Message(Golden.load("big-A-truncated").reply());
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        CacheEntry.Positive p = assertInstanceOf(CacheEntry.Positive.class, read("big-A-tcp", "big.test.", Type.A));
        assertEquals(40, p.records().size());
    }

    @Test
    void goldenRepliesDriveTheEngineThroughUdpAndTcp() throws Exception {
        try (Rig rig = new Rig(Rig.settings(100, 100, 64), List.of(Rig.S1), List.of(), 1)) {
            CompletionStage<DnsAnswer> big = rig.resolver.lookup("big.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Golden.load("big-A-truncated").replyWithId(q.id()));
            FakeNetwork.TcpCall call = rig.net.tcp.getFirst();
            call.reply.completed(Golden.load("big-A-tcp").replyWithId(call.id()));
            assertEquals(40, Rig.done(big).records().size());

            CompletionStage<DnsAnswer> www = rig.resolver.lookup("www.test", "A");
            FakeNetwork.Sent q2 = rig.net.last();
            rig.net.deliver(q2, Rig.S1, Golden.load("www-A-cname-chain").replyWithId(q2.id()));
            DnsAnswer answer = Rig.done(www);
            assertEquals("dual.test", answer.name());
            assertEquals(60, answer.ttl().toSeconds());
        }
    }

    @Test
    void refusedFromDnsmasqFailsTheLookupNamingTheServer() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("host.other", "A");
            FakeNetwork.Sent q = rig.net.last();
            byte[] refused = Golden.load("other-A-refused").replyWithId(q.id());
            assertEquals(Rcode.REFUSED, refused[3] & 0x0f);
            rig.net.deliver(q, Rig.S1, refused);
            assertEquals("host.other: REFUSED from 127.0.0.1:5354", Rig.failure(answer));
        }
    }
}
