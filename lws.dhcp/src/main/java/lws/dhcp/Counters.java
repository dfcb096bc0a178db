package lws.dhcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** The client's counters. Loop thread only; {@link #snapshot()} copies them for status. */
final class Counters {
    final Map<MessageType, Long> sent = new EnumMap<>(MessageType.class);
    final Map<MessageType, Long> received = new EnumMap<>(MessageType.class);
    /** Dropped replies by reason: malformed (codec reasons) and ignored (not ours, unexpected). */
    final Map<String, Long> dropped = new TreeMap<>();
    long malformed;
    long sendFailures;
    long leases;
    long renewals;
    long naks;
    long declines;
    long expiries;

    void sent(MessageType t) {
        sent.merge(t, 1L, Long::sum);
    }

    void received(MessageType t) {
        received.merge(t, 1L, Long::sum);
    }

    void malformed(MalformedPacketException e) {
        malformed++;
        dropped.merge(e.reason.name().toLowerCase().replace('_', '-'), 1L, Long::sum);
    }

    void ignored(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new TreeMap<>();
        Map<String, Object> s = new TreeMap<>();
        sent.forEach((k, v) -> s.put(k.name(), v));
        Map<String, Object> r = new TreeMap<>();
        received.forEach((k, v) -> r.put(k.name(), v));
        m.put("sent", s);
        m.put("received", r);
        m.put("dropped", new TreeMap<>(dropped));
        m.put("malformed", malformed);
        m.put("sendFailures", sendFailures);
        m.put("leases", leases);
        m.put("renewals", renewals);
        m.put("naks", naks);
        m.put("declines", declines);
        m.put("expiries", expiries);
        return m;
    }
}
