package lws.dns;

import lws.system.Metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The resolver's counters. Loop thread only (status and metrics are read on the loop too). */
final class DnsCounters {
    long lookups;
    long queries;
    long tcpQueries;
    long answers;
    long cacheHits;
    long cacheMisses;
    long timeouts;
    long serverErrors;
    long failures;
    long overloaded;
    long socketsOpened;
    long sendDropped;
    long ednsFallbacks;
    private final EnumMap<Rejection, Long> rejected = new EnumMap<>(Rejection.class);

    void rejected(Rejection reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    long rejectedCount(Rejection reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** @return the counters as a map for {@code lwsctl dns} */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lookups", lookups);
        m.put("queries", queries);
        m.put("tcp_queries", tcpQueries);
        m.put("answers", answers);
        m.put("cache_hits", cacheHits);
        m.put("cache_misses", cacheMisses);
        m.put("timeouts", timeouts);
        m.put("server_errors", serverErrors);
        m.put("failures", failures);
        m.put("overloaded", overloaded);
        m.put("sockets_opened", socketsOpened);
        m.put("send_dropped", sendDropped);
        m.put("edns_fallbacks", ednsFallbacks);
        Map<String, Object> r = new LinkedHashMap<>();
        for (Rejection reason : Rejection.values()) {
            r.put(reason.label(), rejectedCount(reason));
        }
        m.put("rejected", r);
        return m;
    }

    void write(Metrics metrics) {
        metrics.counter("lws_dns_lookups_total", "lookups asked of the resolver (resolve counts one per family)", lookups);
        metrics.counter("lws_dns_queries_total", "queries sent (UDP tries and TCP)", queries);
        metrics.counter("lws_dns_tcp_queries_total", "queries retried over TCP after a truncated reply", tcpQueries);
        metrics.counter("lws_dns_answers_total", "replies accepted", answers);
        metrics.counter("lws_dns_cache_hits_total", "questions answered from the cache", cacheHits);
        metrics.counter("lws_dns_cache_misses_total", "questions not in the cache", cacheMisses);
        metrics.counter("lws_dns_timeouts_total", "tries that got no valid reply in time", timeouts);
        metrics.counter("lws_dns_server_errors_total", "SERVFAIL, REFUSED and other error rcodes received", serverErrors);
        metrics.counter("lws_dns_failures_total", "lookups that failed (NXDOMAIN excluded)", failures);
        metrics.counter("lws_dns_overloaded_total", "lookups refused because too many queries were in flight", overloaded);
        metrics.counter("lws_dns_sockets_opened_total", "UDP sockets opened (each on a new random port)", socketsOpened);
        metrics.counter("lws_dns_send_dropped_total", "datagrams the kernel had no room for", sendDropped);
        metrics.counter("lws_dns_edns_fallbacks_total", "queries asked again without EDNS after FORMERR, NOTIMP or BADVERS", ednsFallbacks);
        for (Rejection reason : Rejection.values()) {
            metrics.counter("lws_dns_rejected_" + reason.label() + "_total",
                    "replies dropped: " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '), rejectedCount(reason));
        }
    }
}
