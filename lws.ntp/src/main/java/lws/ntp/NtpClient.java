package lws.ntp;

import lws.system.EventLoop;
import lws.system.Owned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The NTP client: polls every server in bursts, validates and filters the replies, and selects the
 * system offset among servers. Loop thread only.
 *
 * <p><b>Per server.</b> A burst is {@code ntp.samples} requests, one at a time: each waits up to
 * {@code ntp.timeout} for its reply, and the next goes {@code ntp.sample-interval} after the previous
 * one ended. A request carries our transmit timestamp with its low 24 bits random (a nonce of about
 * 4 ms of the fraction); the precise send time is kept apart, so T1 loses no precision and T4 is T1
 * plus the elapsed monotonic time. A reply is matched by exact source address and port, then judged by
 * {@link ReplyCheck}; an origin mismatch leaves the request waiting (a forged or stale reply must not
 * end it), any other rejection ends it. The lowest-delay sample of a burst is the server's sample
 * ({@link ClockFilter}). When the burst ends, the {@link PollPolicy} decides when the next starts. A
 * {@code RATE} kiss ends the burst and backs off; {@code DENY}/{@code RSTR} drop the server.
 *
 * <p><b>System.</b> After every event the servers that are reachable and have a sample go through
 * {@link Selection}. Time becomes <em>ready</em> (the helper releases TIME_VALID) the first time a
 * selection exists and either every server's first request has ended or the survivors are a majority
 * of the active servers, so one fast falseticker cannot win the boot race.
 *
 * <p>Every timer runs on the loop's monotonic clock: stepping the wall clock moves no deadline.
 */
final class NtpClient {
    private static final Logger log = LoggerFactory.getLogger(NtpClient.class);
    /** RFC 5905 MINDISP: the smallest round trip counted in a root distance. */
    private static final long MIN_DISPERSION_NANOS = 10_000_000L;
    /** RFC 5905 PHI: dispersion growth of an aging sample, 15 ppm. */
    private static final double PHI = 15e-6;
    /** Offset changes below this between bursts count as stable whatever the jitter. */
    private static final long STABLE_FLOOR_NANOS = 1_000_000L;
    private static final long NONCE_MASK = 0xFF_FFFFL;

    /** Why the selection is being reported. */
    enum Cause {
        /** A valid sample arrived. */
        SAMPLE,
        /** A server's burst ended with at least one valid sample: the offset to act on. */
        BURST_END,
        /** A request timed out, a reply was rejected, or a kiss arrived. */
        FAILURE,
        /** The server list changed. */
        SERVERS
    }

    /** Told of the selection after every event. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param client the client (query it for the selection and state)
         * @param cause what happened
         */
        void onUpdate(NtpClient client, Cause cause);
    }

    private final EventLoop loop;
    private final InstantSource wallClock;
    private final NtpSettings settings;
    private final RandomGenerator random;
    private final Listener listener;
    private final Map<InetSocketAddress, Peer> peers = new LinkedHashMap<>();
    private final Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);
    private NtpTransport transport;
    private Optional<Selection.Result> selection = Optional.empty();
    private boolean timeReady;
    private long received;
    private boolean closed;

    /**
     * @param loop the system loop
     * @param wallClock the host wall clock (T1)
     * @param settings the tuning
     * @param random the source of nonce bits
     * @param listener told of every update
     */
    NtpClient(EventLoop loop, InstantSource wallClock, NtpSettings settings, RandomGenerator random, Listener listener) {
        this.loop = loop;
        this.wallClock = wallClock;
        this.settings = settings;
        this.random = random;
        this.listener = listener;
    }

    /**
     * Starts using a transport; servers set before start are polled now.
     *
     * @param transport the open transport
     */
    void start(NtpTransport transport) {
        assert loop.inLoop();
        this.transport = transport;
        NtpPacket.decode(NtpPacket.request(1), NtpPacket.HEADER_BYTES); // load the codec before the first T1
        List<Peer> waiting = List.copyOf(peers.values());
        loop.execute(Owned.task("ntp", () -> waiting.forEach(this::startBurst)));
    }

    /**
     * Replaces the server list: servers no longer listed are forgotten, new ones start a burst at once,
     * servers still listed keep their state.
     *
     * @param servers the servers in order
     */
    void setServers(List<ServerAddress> servers) {
        assert loop.inLoop();
        Set<InetSocketAddress> wanted = servers.stream().map(ServerAddress::address).collect(Collectors.toSet());
        peers.values().removeIf(peer -> {
            if (wanted.contains(peer.server.address())) {
                return false;
            }
            peer.cancelTimer();
            return true;
        });
        List<Peer> added = new ArrayList<>();
        for (ServerAddress server : servers) {
            peers.computeIfAbsent(server.address(), a -> {
                Peer peer = new Peer(server, new PollPolicy(settings.minPoll(), settings.maxPoll()));
                added.add(peer);
                return peer;
            });
        }
        if (transport != null && !closed) {
            // From a task of their own: the reply's receive time (T4) must not wait for the rest of the
            // caller's work (at boot: the other helpers and the state machine) before the loop selects.
            loop.execute(Owned.task("ntp", () -> added.forEach(this::startBurst)));
        }
        evaluate(Cause.SERVERS);
    }

    /** Stops every timer; replies are ignored from now on. */
    void close() {
        closed = true;
        peers.values().forEach(Peer::cancelTimer);
    }

    private void startBurst(Peer peer) {
        if (closed || !peers.containsKey(peer.server.address())) {
            return;
        }
        peer.filter.clear();
        peer.burstLeft = settings.samples();
        send(peer);
    }

    private void send(Peer peer) {
        if (closed || peer.state != Peer.State.ACTIVE) {
            return;
        }
        long nonce;
        do {
            nonce = (NtpTime.toNtp(wallClock.instant()) & ~NONCE_MASK) | (random.nextLong() & NONCE_MASK);
        } while (nonce == 0 || nonce == peer.nonce);
        byte[] request = NtpPacket.request(nonce);
        peer.nonce = nonce;
        peer.outstanding = true;
        peer.burstLeft--;
        boolean wasReachable = peer.reachable();
        peer.reach = (peer.reach << 1) & 0xFF;
        peer.sent++;
        // T1 as late as possible: just before the datagram leaves, after the encoding work.
        peer.sentNtp = NtpTime.toNtp(wallClock.instant());
        peer.sentMono = loop.clock().nanos();
        try {
            transport.send(peer.server.address(), request);
        } catch (IOException e) {
            peer.sendErrors++;
            log.debug("ntp {}: send failed: {}", peer.server.label(), e.getMessage());
        }
        peer.timer = loop.schedule(settings.timeout(), Owned.task("ntp", () -> onTimeout(peer)));
        if (wasReachable && !peer.reachable()) {
            evaluate(Cause.FAILURE); // eight requests without a valid reply: no longer a candidate
        }
    }

    private void onTimeout(Peer peer) {
        peer.timer = null;
        peer.outstanding = false;
        peer.timeouts++;
        log.debug("ntp {}: request timed out", peer.server.label());
        endRequest(peer);
        evaluate(Cause.FAILURE);
    }

    /** The request ended (reply, rejection, timeout): schedule the next of the burst, or end the burst. */
    private void endRequest(Peer peer) {
        peer.firstAttemptDone = true;
        peer.cancelTimer();
        peer.outstanding = false;
        if (peer.state != Peer.State.ACTIVE || closed) {
            return;
        }
        if (peer.burstLeft > 0) {
            peer.timer = loop.schedule(settings.sampleInterval(), Owned.task("ntp", () -> {
                peer.timer = null;
                send(peer);
            }));
        } else {
            endBurst(peer, null);
        }
    }

    private void endBurst(Peer peer, PollPolicy.Outcome forced) {
        peer.cancelTimer();
        PollPolicy.Outcome outcome = forced;
        Optional<NtpSample> best = peer.filter.best();
        if (outcome == null) {
            outcome = best.map(b -> stability(peer, b)).orElse(PollPolicy.Outcome.FAILED);
        }
        best.ifPresent(b -> peer.previousBurstBest = b);
        Duration next = peer.poll.update(outcome);
        log.debug("ntp {}: burst ended {}, next in {}", peer.server.label(), outcome, next);
        peer.timer = loop.schedule(next, Owned.task("ntp", () -> {
            peer.timer = null;
            startBurst(peer);
        }));
    }

    private PollPolicy.Outcome stability(Peer peer, NtpSample best) {
        NtpSample previous = peer.previousBurstBest;
        if (previous == null) {
            return PollPolicy.Outcome.UNSTABLE;
        }
        long threshold = Math.max(4 * peer.filter.jitterNanos(), STABLE_FLOOR_NANOS);
        return Math.abs(best.offsetNanos() - previous.offsetNanos()) <= threshold
                ? PollPolicy.Outcome.STABLE : PollPolicy.Outcome.UNSTABLE;
    }

    /**
     * Handles one received datagram.
     *
     * @param from the sender
     * @param data the bytes
     * @param length how many
     * @param monoNanos when it was read (T4 on the monotonic clock)
     */
    void onDatagram(InetSocketAddress from, byte[] data, int length, long monoNanos) {
        assert loop.inLoop();
        received++;
        if (closed) {
            return;
        }
        Peer peer = peers.get(from);
        if (peer == null) {
            reject(null, Rejection.UNKNOWN_SOURCE, "reply from " + from + ", a server we did not ask");
            return;
        }
        NtpReply reply;
        try {
            reply = NtpPacket.decode(data, length);
        } catch (NtpPacket.MalformedPacketException e) {
            reject(peer, Rejection.MALFORMED, e.getMessage());
            return;
        }
        if (!peer.outstanding) {
            reject(peer, Rejection.ORIGIN, "no request outstanding (late or duplicate reply)");
            return;
        }
        switch (ReplyCheck.check(reply, peer.nonce, settings.maxRootDistance())) {
            case Verdict.Rejected(Rejection reason, String detail) when reason == Rejection.ORIGIN ->
                    reject(peer, reason, detail); // the genuine reply may still come
            case Verdict.Rejected(Rejection reason, String detail) -> {
                reject(peer, reason, detail);
                endRequest(peer);
                evaluate(Cause.FAILURE);
            }
            case Verdict.Kiss kiss -> onKiss(peer, kiss);
            case Verdict.Accepted(NtpReply accepted) -> onSample(peer,
                    NtpSample.of(accepted, peer.sentNtp, monoNanos - peer.sentMono, monoNanos, wallClock.instant()));
        }
    }

    private void onSample(Peer peer, NtpSample sample) {
        peer.reach |= 1;
        peer.accepted++;
        peer.filter.add(sample);
        peer.selected = peer.filter.best().orElseThrow();
        log.debug("ntp {}: offset {} ms delay {} ms stratum {}", peer.server.label(),
                Millis.format(sample.offsetNanos()), Millis.format(sample.delayNanos()), sample.stratum());
        boolean lastOfBurst = peer.burstLeft == 0;
        endRequest(peer);
        evaluate(lastOfBurst ? Cause.BURST_END : Cause.SAMPLE);
    }

    private void onKiss(Peer peer, Verdict.Kiss kiss) {
        peer.kisses++;
        peer.lastKiss = kiss.code();
        peer.firstAttemptDone = true;
        peer.outstanding = false;
        if (kiss.dropsServer()) {
            log.warn("ntp {}: Kiss-o'-Death {}: server dropped", peer.server.label(), kiss.code());
            peer.cancelTimer();
            peer.state = Peer.State.DENIED;
            peer.selected = null;
        } else {
            log.info("ntp {}: Kiss-o'-Death {}: backing off", peer.server.label(), kiss.code());
            peer.burstLeft = 0;
            endBurst(peer, PollPolicy.Outcome.RATE_LIMITED);
        }
        evaluate(Cause.FAILURE);
    }

    private void reject(Peer peer, Rejection reason, String detail) {
        rejected.merge(reason, 1L, Long::sum);
        if (peer != null) {
            peer.count(reason);
        }
        log.debug("ntp {}: reply rejected: {}", peer == null ? "?" : peer.server.label(), detail);
    }

    private void evaluate(Cause cause) {
        reselect();
        listener.onUpdate(this, cause);
    }

    private void reselect() {
        long now = loop.clock().nanos();
        List<Selection.Candidate> candidates = new ArrayList<>();
        int active = 0;
        boolean allTried = true;
        for (Peer peer : peers.values()) {
            if (peer.state != Peer.State.ACTIVE) {
                continue;
            }
            active++;
            allTried &= peer.firstAttemptDone;
            if (peer.reachable() && peer.selected != null) {
                candidates.add(new Selection.Candidate(peer.server.label(), peer.selected.offsetNanos(),
                        distanceNanos(peer, now), peer.filter.jitterNanos()));
            }
        }
        selection = Selection.select(candidates);
        if (!timeReady && selection.isPresent() && (allTried || 2 * selection.get().survivors().size() > active)) {
            timeReady = true;
        }
    }

    private long distanceNanos(Peer peer, long nowMono) {
        NtpSample s = peer.selected;
        long age = Math.max(0, nowMono - s.monoNanos());
        return Math.max(MIN_DISPERSION_NANOS, s.rootDelayNanos() + s.delayNanos()) / 2 + s.rootDispersionNanos()
                + Math.round(PHI * age) + peer.filter.jitterNanos();
    }

    /**
     * The host clock was stepped: every stored sample is shifted so that it stays true.
     *
     * @param stepNanos how far the clock was stepped
     */
    void clockStepped(long stepNanos) {
        for (Peer peer : peers.values()) {
            peer.filter.shift(stepNanos);
            if (peer.selected != null) {
                peer.selected = peer.selected.afterStep(stepNanos);
            }
            if (peer.previousBurstBest != null) {
                peer.previousBurstBest = peer.previousBurstBest.afterStep(stepNanos);
            }
        }
        reselect();
    }

    /** @return the current selection, empty when no majority of reachable servers agrees */
    Optional<Selection.Result> selection() {
        return selection;
    }

    /** @return true once a selection was validated for TIME_VALID (never goes back) */
    boolean timeReady() {
        return timeReady;
    }

    /** @param address a server address @return its peer, if polled */
    Optional<Peer> peer(InetSocketAddress address) {
        return Optional.ofNullable(peers.get(address));
    }

    /** @return the peers in configuration order (read-only view) */
    Collection<Peer> peers() {
        return Collections.unmodifiableCollection(peers.values());
    }

    /** @return the peer whose sample is the system peer's, if any */
    Optional<Peer> systemPeer() {
        return selection.flatMap(r -> peers.values().stream()
                .filter(p -> p.server.label().equals(r.systemPeer().id())).findFirst());
    }

    /** @return rejections by reason, over all servers */
    Map<Rejection, Long> rejected() {
        return Collections.unmodifiableMap(rejected);
    }

    /** @return datagrams received */
    long received() {
        return received;
    }
}
