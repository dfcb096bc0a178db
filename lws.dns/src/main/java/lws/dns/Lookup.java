package lws.dns;

import org.xbill.DNS.Name;

import java.util.List;
import java.util.function.Consumer;

/**
 * One lookup of a record type for a host name as given: the search-list candidates in order, each
 * followed through CNAMEs across replies (and the cache) to records, NXDOMAIN or NODATA.
 *
 * <p>A candidate that is NXDOMAIN or NODATA moves the lookup to the next candidate; the first records
 * found end it. If every candidate is negative the result is NODATA when any candidate was NODATA, else
 * NXDOMAIN. A failure (timeouts, server errors, overload) ends the whole lookup, as in glibc. At most
 * {@value #MAX_REDIRECTS} aliases are followed across replies per candidate. Loop thread only.
 */
final class Lookup {
    /** Most redirects followed across replies for one candidate. */
    static final int MAX_REDIRECTS = 16;

    private final DnsResolver resolver;
    private final int type;
    private final List<String> candidates;
    private final Consumer<LookupResult> done;
    private int nextCandidate;
    private String current;
    private int redirects;
    private boolean fromCache = true;
    private String nodataName;

    Lookup(DnsResolver resolver, int type, List<String> candidates, Consumer<LookupResult> done) {
        this.resolver = resolver;
        this.type = type;
        this.candidates = candidates;
        this.done = done;
    }

    /** Runs the lookup; on a cache hit {@code done} is told before this returns. */
    void start() {
        nextCandidate();
    }

    private void nextCandidate() {
        if (nextCandidate == candidates.size()) {
            done.accept(nodataName != null ? new LookupResult.NoData(nodataName) : new LookupResult.NxDomain());
            return;
        }
        current = candidates.get(nextCandidate++);
        redirects = 0;
        step();
    }

    private void step() {
        DnsCache.Key key = new DnsCache.Key(current, type);
        CacheEntry cached = resolver.cache.get(key, resolver.now());
        if (cached != null) {
            resolver.counters.cacheHits++;
            apply(cached);
            return;
        }
        resolver.counters.cacheMisses++;
        ask(key);
    }

    private void ask(DnsCache.Key key) {
        ServerList servers = resolver.servers();
        if (servers.servers().isEmpty()) {
            done.accept(new LookupResult.Failed("no DNS servers configured (" + servers.source() + ")"));
            return;
        }
        QueryEngine engine = resolver.engine;
        if (engine.full()) {
            resolver.counters.overloaded++;
            done.accept(new LookupResult.Failed("too many queries in flight (limit " + engine.settings.maxInFlight() + ")"));
            return;
        }
        Name qname;
        try {
            qname = Names.absolute(current);
        } catch (IllegalArgumentException e) {
            done.accept(new LookupResult.Failed("not a valid DNS name"));
            return;
        }
        fromCache = false;
        engine.query(qname, type, servers.servers(), outcome -> {
            switch (outcome) {
                case Outcome.Failed f -> done.accept(new LookupResult.Failed(f.cause()));
                case Outcome.Reply r -> {
                    long now = resolver.now();
                    CacheEntry entry = ReplyReader.read(r.message(), qname, key.name(), type, now, engine.settings.maxTtl().toSeconds());
                    resolver.cache.put(key, entry, now);
                    apply(entry);
                }
            }
        });
    }

    private void apply(CacheEntry entry) {
        switch (entry) {
            case CacheEntry.Positive p -> done.accept(new LookupResult.Found(p, fromCache));
            case CacheEntry.Negative n -> {
                if (!n.nxdomain() && nodataName == null) {
                    nodataName = current;
                }
                nextCandidate();
            }
            case CacheEntry.Redirect r -> {
                if (++redirects > MAX_REDIRECTS) {
                    done.accept(new LookupResult.Failed("CNAME chain longer than " + MAX_REDIRECTS + " at " + current));
                    return;
                }
                current = r.target();
                step();
            }
        }
    }
}
