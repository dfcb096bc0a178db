package lws.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an accepted NOERROR or NXDOMAIN reply into a {@link CacheEntry} for the question asked.
 *
 * <p>The answer section is followed from the question's name through CNAMEs (at most
 * {@value #MAX_CHAIN} links) to records of the asked type. A chain that ends without such records is a
 * {@link CacheEntry.Redirect} to its last name when the reply has no SOA (the server gave only the
 * alias: ask again), else NODATA. TTLs are the smallest on the chain, capped by {@code maxTtlSeconds};
 * negative TTLs are {@code min(SOA TTL, SOA MINIMUM)} (RFC 2308 §5), and a negative reply without an SOA
 * gets an expiry of "now": used once, never cached. Stateless.
 */
final class ReplyReader {
    /** Longest CNAME chain followed inside one reply. */
    static final int MAX_CHAIN = 16;

    private ReplyReader() {
    }

    /**
     * @param reply the reply
     * @param qname the question's name
     * @param qkey the question's name as {@link Names#key} gives it
     * @param qtype the question's type
     * @param now the monotonic clock now, in nanoseconds
     * @param maxTtlSeconds the TTL cap
     * @return what the reply says about the question
     */
    static CacheEntry read(Message reply, Name qname, String qkey, int qtype, long now, long maxTtlSeconds) {
        List<Record> answers = reply.getSection(Section.ANSWER);
        Name name = qname;
        String key = qkey;
        long ttl = maxTtlSeconds;
        for (int link = 0; link <= MAX_CHAIN; link++) {
            List<String> records = new ArrayList<>();
            List<InetAddress> addresses = new ArrayList<>();
            long setTtl = ttl;
            Name alias = null;
            for (Record r : answers) {
                if (!r.getName().equals(name)) {
                    continue;
                }
                if (r.getType() == qtype) {
                    setTtl = Math.min(setTtl, r.getTTL());
                    if (r instanceof ARecord || r instanceof AAAARecord) {
                        // the rdata is the address; ARecord.getAddress() would print the owner name for it
                        InetAddress address = named(key, r.rdataToWireCanonical());
                        addresses.add(address);
                        records.add(Addresses.text(address));
                    } else {
                        records.add(r.rdataToString());
                    }
                } else if (r.getType() == Type.CNAME && alias == null) {
                    alias = ((CNAMERecord) r).getTarget();
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
            if (!records.isEmpty()) {
                return new CacheEntry.Positive(key, records, addresses, expiry(now, setTtl));
            }
            if (alias == null || qtype == Type.CNAME) {
                break;
            }
            name = alias;
            key = Names.key(alias.toString());
        }
        SOARecord soa = soa(reply);
        long negativeTtl = soa == null ? 0 : Math.min(maxTtlSeconds, Math.min(soa.getTTL(), soa.getMinimum()));
        if (reply.getRcode() == Rcode.NXDOMAIN) {
            return new CacheEntry.Negative(true, expiry(now, negativeTtl));
        }
        if (!name.equals(qname) && soa == null) {
            return new CacheEntry.Redirect(key, expiry(now, ttl));
        }
        return new CacheEntry.Negative(false, expiry(now, Math.min(negativeTtl, ttl)));
    }

    private static InetAddress named(String owner, byte[] address) {
        try {
            return InetAddress.getByAddress(owner, address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an A/AAAA record with " + address.length + " bytes", e);
        }
    }

    private static SOARecord soa(Message reply) {
        for (Record r : reply.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return soa;
            }
        }
        return null;
    }

    private static long expiry(long now, long ttlSeconds) {
        return now + Math.max(0, ttlSeconds) * 1_000_000_000L;
    }
}
