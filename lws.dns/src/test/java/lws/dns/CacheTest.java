package lws.dns;

import lws.app.api.DnsAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TTL cache, RFC 2308 negative caching and CNAME chasing across replies, on virtual time. */
class CacheTest {
    private static ARecord a(String name, String address, long ttl) throws Exception {
        return new ARecord(Name.fromString(name), DClass.IN, ttl, InetAddress.getByName(address));
    }

    private static SOARecord soa(long ttl, long minimum) throws Exception {
        return new SOARecord(Name.fromString("test."), DClass.IN, ttl, Name.fromString("ns.test."),
                Name.fromString("admin.test."), 1, 3600, 600, 86400, minimum);
    }

    @Test
    void answersFromTheCacheUntilTheTtlRunsOut() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> first = rig.resolver.lookup("a.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NOERROR, a("a.test.", "192.0.2.1", 30)));
            assertFalse(Rig.done(first).fromCache());
            rig.advance(Duration.ofSeconds(29));
            DnsAnswer cached = Rig.done(rig.resolver.lookup("A.Test.", "A"));
            assertTrue(cached.fromCache());
            assertEquals(1, cached.ttl().toSeconds(), "remaining TTL");
            assertEquals(1, rig.net.sent.size());
            rig.advance(Duration.ofSeconds(1));
            CompletionStage<DnsAnswer> again = rig.resolver.lookup("a.test", "A");
            assertEquals(2, rig.net.sent.size(), "expired: asked again");
            assertFalse(again.toCompletableFuture().isDone());
            assertEquals(1, rig.counters.cacheHits);
        }
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> first = rig.resolver.lookup("nope.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Rig.reply(q.message(), Rcode.NXDOMAIN, List.of(), List.of(soa(300, 20))));
            assertEquals("nope.test: NXDOMAIN", Rig.failure(first));
            rig.advance(Duration.ofSeconds(19));
            assertEquals("nope.test: NXDOMAIN", Rig.failure(rig.resolver.lookup("nope.test", "A")));
            assertEquals(1, rig.net.sent.size(), "negative answer from the cache");
            rig.advance(Duration.ofSeconds(1));
            rig.resolver.lookup("nope.test", "A");
            assertEquals(2, rig.net.sent.size(), "min(SOA TTL, MINIMUM) = 20 s has passed");
        }
    }

    @Test
    void nodataIsCachedForTheSoaTtlWhenSmallerThanMinimum() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> first = rig.resolver.lookup("a.test", "AAAA");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Rig.reply(q.message(), Rcode.NOERROR, List.of(), List.of(soa(10, 600))));
            assertEquals(List.of(), Rig.done(first).records());
            rig.advance(Duration.ofSeconds(9));
            assertEquals(List.of(), Rig.done(rig.resolver.lookup("a.test", "AAAA")).records());
            rig.advance(Duration.ofSeconds(1));
            rig.resolver.lookup("a.test", "AAAA");
            assertEquals(2, rig.net.sent.size());
        }
    }

    @Test
    void negativeRepliesWithoutSoaAreNotCached() {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            rig.resolver.lookup("nope.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NXDOMAIN));
            rig.resolver.lookup("nope.test", "A");
            assertEquals(2, rig.net.sent.size());
        }
    }

    @Test
    void aCnameWithoutItsTargetIsFollowedWithASecondQuery() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("www.test", "A");
            FakeNetwork.Sent q = rig.net.last();
            rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NOERROR,
                    new CNAMERecord(Name.fromString("www.test."), DClass.IN, 100, Name.fromString("web.example."))));
            FakeNetwork.Sent q2 = rig.net.last();
            assertEquals("web.example.", q2.message().getQuestion().getName().toString());
            rig.net.deliver(q2, Rig.S1, Rig.reply(q2, Rcode.NOERROR, a("web.example.", "192.0.2.80", 50)));
            DnsAnswer got = Rig.done(answer);
            assertEquals("web.example", got.name());
            assertEquals(List.of("192.0.2.80"), got.records());
            DnsAnswer cached = Rig.done(rig.resolver.lookup("www.test", "A"));
            assertTrue(cached.fromCache(), "both links of the chain are cached");
        }
    }

    @Test
    void aCnameLoopAcrossRepliesEndsWithAnError() throws Exception {
        try (Rig rig = new Rig(List.of(Rig.S1))) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("x.test", "A");
            for (int i = 0; i < 40 && !answer.toCompletableFuture().isDone(); i++) {
                FakeNetwork.Sent q = rig.net.last();
                String asked = q.message().getQuestion().getName().toString();
                String other = asked.equals("x.test.") ? "y.test." : "x.test.";
                rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NOERROR,
                        new CNAMERecord(Name.fromString(asked), DClass.IN, 0, Name.fromString(other))));
            }
            assertTrue(Rig.failure(answer).startsWith("x.test: CNAME chain longer than 16"));
        }
    }

    @Test
    void searchDomainsAreTriedInOrderAfterNxdomain() throws Exception {
        try (Rig rig = new Rig(Rig.settings(100, 100, 64), List.of(Rig.S1), List.of("one.test", "two.test"), 1)) {
            CompletionStage<DnsAnswer> answer = rig.resolver.lookup("host", "A");
            FakeNetwork.Sent q1 = rig.net.last();
            assertEquals("host.one.test.", q1.message().getQuestion().getName().toString());
            rig.net.deliver(q1, Rig.S1, Rig.reply(q1, Rcode.NXDOMAIN));
            FakeNetwork.Sent q2 = rig.net.last();
            assertEquals("host.two.test.", q2.message().getQuestion().getName().toString());
            rig.net.deliver(q2, Rig.S1, Rig.reply(q2, Rcode.NOERROR, a("host.two.test.", "192.0.2.7", 60)));
            assertEquals("host.two.test", Rig.done(answer).name());
        }
    }

    @Test
    void theCacheIsBoundedByItsCapacity() throws Exception {
        try (Rig rig = new Rig(Rig.settings(2, 100, 64), List.of(Rig.S1), List.of(), 1)) {
            for (String n : List.of("a", "b", "c")) {
                rig.resolver.lookup(n + ".test", "A");
                FakeNetwork.Sent q = rig.net.last();
                rig.net.deliver(q, Rig.S1, Rig.reply(q, Rcode.NOERROR, a(n + ".test.", "192.0.2.1", 60)));
            }
            assertEquals(2, rig.resolver.cache.size());
            rig.resolver.lookup("a.test", "A");
            assertEquals(4, rig.net.sent.size(), "the oldest entry was evicted");
        }
    }
}
