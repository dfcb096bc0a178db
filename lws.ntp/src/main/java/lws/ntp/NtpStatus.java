package lws.ntp;

import lws.system.Metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the client's state for {@code lwsctl status}, {@code lwsctl ntp} and OpenMetrics. Times are
 * in milliseconds (status) or seconds (metrics). Loop thread.
 */
final class NtpStatus {
    private NtpStatus() {
    }

    /**
     * @param client the client
     * @param time the time source
     * @param ntpPolicy whether time.policy=ntp
     * @return one line, e.g. {@code "synced to 127.0.0.1:12300 offset 0.021 ms stratum 8"}
     */
    static String summary(NtpClient client, NtpTimeSource time, boolean ntpPolicy) {
        Optional<Peer> peer = client.systemPeer();
        if (peer.isEmpty() || !client.timeReady()) {
            String servers = client.peers().isEmpty() ? "no servers" : client.peers().size() + " server(s), none selected";
            return (ntpPolicy ? "waiting for time: " : "host clock (unverified): ") + servers;
        }
        long offset = client.selection().orElseThrow().offsetNanos();
        return "synced to " + peer.get().server.label() + " offset " + Millis.format(offset) + " ms stratum "
                + peer.get().selected.stratum();
    }

    /**
     * @param client the client
     * @param time the time source
     * @param settings the settings
     * @param ntpPolicy whether time.policy=ntp
     * @param serverSource where the servers came from
     * @param setter the clock setter's name
     * @param lastAdjustment what the setter last did
     * @param clockError the setter's last error, or ""
     * @return the status map
     */
    static Map<String, Object> status(NtpClient client, NtpTimeSource time, NtpSettings settings, boolean ntpPolicy,
            String serverSource, String setter, ClockSetter.Adjustment lastAdjustment, String clockError) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", ntpPolicy ? "ntp" : "host");
        m.put("synced", client.timeReady() && client.selection().isPresent());
        m.put("time_valid_by_ntp", client.timeReady());
        m.put("server_source", serverSource);
        Optional<Peer> systemPeer = client.systemPeer();
        client.selection().ifPresent(r -> {
            Peer p = systemPeer.orElseThrow();
            m.put("source", p.server.label());
            m.put("offset_ms", Millis.of(r.offsetNanos()));
            m.put("delay_ms", Millis.of(p.selected.delayNanos()));
            m.put("jitter_ms", Millis.of(r.jitterNanos()));
            m.put("stratum", p.selected.stratum());
            m.put("refid", p.selected.referenceId());
            m.put("poll_s", p.poll.interval().toSeconds());
        });
        NtpTimeSource.Anchor anchor = time.current();
        if (anchor != null) {
            m.put("last_sync", anchor.trueTime().toString());
        }
        Map<String, Object> clock = new LinkedHashMap<>();
        clock.put("setter", setter);
        clock.put("last_adjustment", lastAdjustment.kind().name().toLowerCase(java.util.Locale.ROOT));
        clock.put("last_adjustment_ms", Millis.of(lastAdjustment.amount().toNanos()));
        clock.put("error", clockError);
        m.put("clock", clock);
        m.put("samples_per_burst", settings.samples());
        m.put("received", client.received());
        m.put("rejected", rejections(client.rejected()));
        List<Map<String, Object>> servers = new ArrayList<>();
        for (Peer p : client.peers()) {
            servers.add(server(p, client));
        }
        m.put("servers", servers);
        return m;
    }

    private static Map<String, Object> server(Peer p, NtpClient client) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("server", p.server.label());
        s.put("address", p.server.address().getAddress().getHostAddress() + " port " + p.server.address().getPort());
        s.put("state", p.state == Peer.State.DENIED ? "denied" : p.reachable() ? "reachable" : "unreachable");
        s.put("selection", selectionRole(p, client));
        s.put("reach", String.format("%03o", p.reach));
        s.put("poll_s", p.poll.interval().toSeconds());
        if (p.selected != null) {
            s.put("offset_ms", Millis.of(p.selected.offsetNanos()));
            s.put("delay_ms", Millis.of(p.selected.delayNanos()));
            s.put("jitter_ms", Millis.of(p.filter.jitterNanos()));
            s.put("stratum", p.selected.stratum());
            s.put("refid", p.selected.referenceId());
            s.put("last_sample", p.selected.takenAt().toString());
        }
        s.put("kiss", p.lastKiss);
        s.put("sent", p.sent);
        s.put("accepted", p.accepted);
        s.put("timeouts", p.timeouts);
        s.put("send_errors", p.sendErrors);
        s.put("rejected", rejections(p.rejected));
        return s;
    }

    private static String selectionRole(Peer p, NtpClient client) {
        Optional<Selection.Result> r = client.selection();
        String label = p.server.label();
        if (r.isEmpty()) {
            return "none";
        }
        if (r.get().systemPeer().id().equals(label)) {
            return "system-peer";
        }
        if (r.get().survivors().stream().anyMatch(c -> c.id().equals(label))) {
            return "survivor";
        }
        if (r.get().falsetickers().stream().anyMatch(c -> c.id().equals(label))) {
            return "falseticker";
        }
        if (r.get().outliers().stream().anyMatch(c -> c.id().equals(label))) {
            return "outlier";
        }
        return "none";
    }

    private static Map<String, Object> rejections(Map<Rejection, Long> counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        counts.forEach((reason, n) -> m.put(reason.key(), n));
        return m;
    }

    /**
     * @param client the client
     * @param time the time source
     * @param metrics where to write
     */
    static void metrics(NtpClient client, NtpTimeSource time, Metrics metrics) {
        long sent = 0;
        long accepted = 0;
        long timeouts = 0;
        long kisses = 0;
        for (Peer p : client.peers()) {
            sent += p.sent;
            accepted += p.accepted;
            timeouts += p.timeouts;
            kisses += p.kisses;
        }
        metrics.counter("lws_ntp_requests_total", "NTP requests sent", sent);
        metrics.counter("lws_ntp_replies_received_total", "datagrams received on the NTP socket", client.received());
        metrics.counter("lws_ntp_samples_accepted_total", "replies accepted as samples", accepted);
        metrics.counter("lws_ntp_timeouts_total", "requests that got no valid reply in time", timeouts);
        metrics.counter("lws_ntp_kiss_of_death_total", "Kiss-o'-Death replies", kisses);
        for (Rejection reason : Rejection.values()) {
            metrics.counter("lws_ntp_rejected_" + reason.key() + "_total", "replies rejected: " + reason.key(),
                    client.rejected().getOrDefault(reason, 0L));
        }
        metrics.gauge("lws_ntp_synced", "1 once NTP validated the time", client.timeReady() ? 1 : 0);
        metrics.gauge("lws_ntp_servers_reachable", "servers with a valid reply among the last 8 requests",
                client.peers().stream().filter(Peer::reachable).count());
        client.selection().ifPresent(r -> {
            metrics.gauge("lws_ntp_offset_seconds", "system offset (host clock + offset = true time)", r.offsetNanos() / 1e9);
            metrics.gauge("lws_ntp_jitter_seconds", "system jitter", r.jitterNanos() / 1e9);
            client.systemPeer().ifPresent(p -> {
                metrics.gauge("lws_ntp_delay_seconds", "round-trip delay to the system peer", p.selected.delayNanos() / 1e9);
                metrics.gauge("lws_ntp_stratum", "stratum of the system peer", p.selected.stratum());
                metrics.gauge("lws_ntp_poll_seconds", "poll interval of the system peer", p.poll.interval().toSeconds());
            });
        });
    }
}
