package lws.dhcp;

import lws.app.api.Cancellable;
import lws.system.EventLoop;
import lws.system.Owned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The DHCPv4 client state machine of one interface (RFC 2131 section 4.4, figure 5).
 *
 * <p><b>Acquiring.</b> {@link #start} first asks the applier to deconfigure the interface (and waits
 * for the transport to be ready). With a
 * persisted lease it goes to REBOOTING (INIT-REBOOT): a broadcast DHCPREQUEST for the old address
 * without server identifier; an ACK binds, a NAK or four unanswered transmissions lead to INIT. INIT
 * broadcasts DHCPDISCOVER (SELECTING) with a fresh random xid, the previous address as a hint and, when
 * enabled, rapid commit (option 80): an ACK with option 80 binds at once. The first OFFER that names a
 * server is taken: REQUESTING broadcasts a DHCPREQUEST with the same xid, the offered address (50) and
 * the server (54); an ACK from that server binds, its NAK restarts INIT, and four unanswered
 * transmissions restart INIT. DISCOVER is retransmitted for ever (4, 8, 16, 32, 64, 64 … s, ±1 s); after
 * the fourth a {@code leasefail} event goes to the applier once per round.
 *
 * <p><b>Binding.</b> An ACK becomes a {@link DhcpLease} whose times count from the moment the answered
 * request was sent. The applier gets {@code bound} (or {@code renew} when the address did not change);
 * while it works, replies are ignored. {@link ApplyResult.Applied} enters BOUND: the lease is persisted,
 * T1, T2 and expiry are armed and the listener hears of it. {@link ApplyResult.Conflict} sends
 * DHCPDECLINE, deconfigures and starts over after 10 s (section 3.1.5); {@link ApplyResult.Failed} of a
 * new lease deconfigures and starts over after 10 s (a failed renew keeps the lease).
 *
 * <p><b>Keeping it.</b> At T1, RENEWING unicasts a DHCPREQUEST (ciaddr, new xid) to the leasing server;
 * at T2, REBINDING broadcasts it from the leased address; each retransmits after half the time left, at
 * least 60 s. An ACK renews; a NAK sends {@code nak} then {@code deconfig} and restarts INIT; expiry
 * deconfigures and restarts INIT. {@link #renew()} forces RENEWING from BOUND.
 *
 * <p><b>Stopping.</b> {@link #stop()} cancels everything; with release-on-stop it unicasts DHCPRELEASE,
 * deconfigures and forgets the persisted lease.
 *
 * <p><b>Strictness.</b> A reply is taken only if it parses strictly ({@link DhcpCodec}), is a BOOTREPLY
 * from port 67 with our xid and chaddr, and fits the state; every other datagram is dropped and counted
 * by reason.
 *
 * <p>Threading: loop thread only, except that the applier's and store's work runs elsewhere and comes
 * back through {@link EventLoop#execute}.
 */
final class DhcpClient {
    private static final Logger log = LoggerFactory.getLogger(DhcpClient.class);
    private static final Inet4Address ANY = DhcpOptions.ipv4(new byte[4], 0);
    private static final Inet4Address BROADCAST = DhcpOptions.ipv4(new byte[] {-1, -1, -1, -1}, 0);
    static final Duration RESTART_DELAY = Duration.ofSeconds(10);
    static final int REQUEST_TRANSMISSIONS = 4;
    private static final int MAX_MESSAGE_SIZE = 1500;

    /** What the client tells its owner; loop thread. */
    interface Listener {
        /** @param lease a lease was applied and the client is BOUND (also after each renewal) */
        void bound(DhcpLease lease);

        /** The lease was lost: NAK, expiry or release. */
        void lost();

        /**
         * @param kind a short kind for {@code lwsctl watch}
         * @param message one line
         */
        void event(String kind, String message);
    }

    private final EventLoop loop;
    private final ClientConfig config;
    private final Transport transport;
    private final LeaseApplier applier;
    private final LeaseStore store;
    private final Listener listener;
    private final InstantSource wallClock;
    private final RandomGenerator random;
    private final Counters counters = new Counters();

    private ClientState state = ClientState.STOPPED;
    /** Bumped on stop and on every restart: stale timers and applier completions check it. */
    private int generation;
    private int xid;
    private int sent;
    private long exchangeStartNanos;
    private long requestSentNanos;
    private Instant requestSentWall = Instant.EPOCH;
    private Cancellable retransmit;
    private Cancellable t1;
    private Cancellable t2;
    private Cancellable expiry;
    private DhcpMessage offer;
    private DhcpLease lease;
    private DhcpLease rebootLease;
    private Inet4Address hint;
    private boolean applying;
    private int naksInRow;
    private long boundAtNanos;

    DhcpClient(EventLoop loop, ClientConfig config, Transport transport, LeaseApplier applier, LeaseStore store,
            Listener listener, InstantSource wallClock, RandomGenerator random) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.config = Objects.requireNonNull(config, "config");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Starts: deconfigure and, once that is done and the transport is {@link Transport#ready() ready}
     * (it finishes opening while the applier works), INIT-REBOOT with {@code persisted} or INIT. A
     * transport that cannot open leaves the client waiting in BACKOFF with a {@code socket-failed} event.
     *
     * @param persisted the lease from the store, or null
     */
    void start(DhcpLease persisted) {
        assert loop.inLoop();
        if (state != ClientState.STOPPED) {
            throw new IllegalStateException("dhcp " + config.interfaceName() + ": already started");
        }
        state = ClientState.BACKOFF;
        int gen = generation;
        apply(new LeaseEvent.Deconfig(config.interfaceName()), r -> transport.ready().whenComplete((v, failure) -> {
            if (gen != generation) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                log.error("dhcp {}: {}", config.interfaceName(), cause.getMessage());
                listener.event("socket-failed", cause.getMessage());
            } else if (persisted != null) {
                hint = persisted.address();
                reboot(persisted);
            } else {
                init();
            }
        }), gen);
    }

    /** Forces a renewal (like udhcpc's SIGUSR1): RENEWING now (REBINDING again past T2), when a lease is held. */
    void renew() {
        assert loop.inLoop();
        if (lease == null || applying || (state != ClientState.BOUND && state != ClientState.RENEWING
                && state != ClientState.REBINDING)) {
            log.info("dhcp {}: renew ignored in state {}", config.interfaceName(), state);
            return;
        }
        cancel(t1);
        if (state == ClientState.REBINDING) {
            rebinding(); // past T2 the leasing server has had its chance: broadcast again
        } else {
            renewing();
        }
    }

    /** Stops the client; releases the lease first when configured to. Idempotent. */
    void stop() {
        assert loop.inLoop();
        if (state == ClientState.STOPPED) {
            return;
        }
        boolean holding = lease != null;
        stopTimers();
        generation++;
        state = ClientState.STOPPED;
        if (holding && config.releaseOnStop()) {
            DhcpMessage release = message(MessageType.RELEASE, newXid(), lease.address(), false,
                    b -> b.add(Opt.SERVER_ID, lease.serverId()));
            sendFrom(release, lease.serverId());
            store.delete();
            listener.event("released", "released " + lease.address().getHostAddress() + " to " + lease.serverId().getHostAddress());
            lease = null;
            listener.lost();
            awaitQuietly(applier.apply(new LeaseEvent.Deconfig(config.interfaceName())));
        }
    }

    /** Bounded wait for the deconfig of a release: only at shutdown does the loop wait for the applier. */
    private void awaitQuietly(CompletionStage<ApplyResult> stage) {
        try {
            stage.toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("dhcp {}: deconfig at stop did not complete: {}", config.interfaceName(), e.toString());
        }
    }

    /**
     * Handles one datagram received on port 68.
     *
     * @param payload the UDP payload
     * @param sourcePort the sender's port
     */
    void received(byte[] payload, int sourcePort) {
        assert loop.inLoop();
        DhcpMessage m;
        try {
            m = DhcpCodec.parseReply(payload);
        } catch (MalformedPacketException e) {
            counters.malformed(e);
            log.debug("dhcp {}: dropped malformed packet: {}", config.interfaceName(), e.getMessage());
            return;
        }
        MessageType type = m.type();
        if (sourcePort != 67) {
            counters.ignored("wrong-source-port");
        } else if (m.xid() != xid || state == ClientState.STOPPED) {
            counters.ignored("wrong-xid");
        } else if (!Arrays.equals(m.chaddr(), config.mac())) {
            counters.ignored("wrong-chaddr");
        } else if (applying) {
            counters.ignored("busy-applying");
        } else {
            counters.received(type);
            dispatch(m, type, payload);
        }
    }

    private void dispatch(DhcpMessage m, MessageType type, byte[] payload) {
        switch (state) {
            case SELECTING -> {
                if (type == MessageType.OFFER) {
                    offered(m);
                } else if (type == MessageType.ACK && config.rapidCommit() && m.options().has(Opt.RAPID_COMMIT)) {
                    acknowledged(m, payload);
                } else {
                    counters.ignored("unexpected-" + type.name().toLowerCase());
                }
            }
            case REQUESTING -> {
                Inet4Address server = serverIdOrNull(m);
                if (server == null || !server.equals(serverIdOrNull(offer))) {
                    counters.ignored("wrong-server");
                } else if (type == MessageType.ACK) {
                    acknowledged(m, payload);
                } else if (type == MessageType.NAK) {
                    nak(m);
                } else {
                    counters.ignored("unexpected-" + type.name().toLowerCase());
                }
            }
            case REBOOTING, RENEWING, REBINDING -> {
                if (type == MessageType.ACK) {
                    acknowledged(m, payload);
                } else if (type == MessageType.NAK) {
                    nak(m);
                } else {
                    counters.ignored("unexpected-" + type.name().toLowerCase());
                }
            }
            default -> counters.ignored("unexpected-" + type.name().toLowerCase());
        }
    }

    private static Inet4Address serverIdOrNull(DhcpMessage m) {
        try {
            return m.options().address(Opt.SERVER_ID);
        } catch (MalformedPacketException e) {
            return null;
        }
    }

    // ---- INIT / SELECTING / REQUESTING / REBOOTING

    private void init() {
        enter(ClientState.SELECTING);
        xid = newXid();
        exchangeStartNanos = now();
        offer = null;
        transmit();
    }

    private void reboot(DhcpLease persisted) {
        enter(ClientState.REBOOTING);
        rebootLease = persisted;
        xid = newXid();
        exchangeStartNanos = now();
        transmit();
    }

    private void offered(DhcpMessage m) {
        Inet4Address server = serverIdOrNull(m);
        if (server == null || m.yiaddr().isAnyLocalAddress()) {
            counters.ignored("offer-without-server-or-address");
            return;
        }
        log.debug("dhcp {}: offer {} from {}", config.interfaceName(), m.yiaddr().getHostAddress(), server.getHostAddress());
        cancel(retransmit);
        offer = m;
        enter(ClientState.REQUESTING);
        transmit();
    }

    /** Sends the message of the current state and arms its retransmission. */
    private void transmit() {
        int secs = (int) Math.min(65535, TimeUnit.NANOSECONDS.toSeconds(now() - exchangeStartNanos));
        DhcpMessage m = switch (state) {
            case SELECTING -> message(MessageType.DISCOVER, xid, ANY, true, b -> {
                if (hint != null) {
                    b.add(Opt.REQUESTED_IP, hint);
                }
                if (config.rapidCommit()) {
                    b.add(Opt.RAPID_COMMIT, new byte[0]);
                }
                parameters(b);
            });
            case REQUESTING -> message(MessageType.REQUEST, xid, ANY, true, b -> {
                b.add(Opt.REQUESTED_IP, offer.yiaddr());
                b.add(Opt.SERVER_ID, serverIdOrNull(offer));
                parameters(b);
            });
            case REBOOTING -> message(MessageType.REQUEST, xid, ANY, true, b -> {
                b.add(Opt.REQUESTED_IP, rebootLease.address());
                parameters(b);
            });
            case RENEWING, REBINDING -> message(MessageType.REQUEST, xid, lease.address(), false, this::parameters);
            default -> throw new IllegalStateException("nothing to transmit in " + state);
        };
        m = withSecs(m, secs);
        requestSentNanos = now();
        requestSentWall = wallClock.instant();
        switch (state) {
            case RENEWING -> sendFrom(m, lease.serverId());
            case REBINDING -> sendFrom(m, BROADCAST);
            default -> sendUnaddressed(m);
        }
        sent++;
        Duration wait = switch (state) {
            case RENEWING -> Backoff.halfRemaining(lease.rebindingTime().minus(sinceBound()));
            case REBINDING -> Backoff.halfRemaining(lease.leaseTime().minus(sinceBound()));
            default -> Backoff.exponential(sent, random);
        };
        if (wait != null) {
            retransmit = later(wait, this::retransmitDue);
        }
    }

    private void retransmitDue() {
        boolean request = state == ClientState.REQUESTING || state == ClientState.REBOOTING;
        if (request && sent >= REQUEST_TRANSMISSIONS) {
            listener.event("timeout", "no answer to " + state.name().toLowerCase() + " after " + sent + " requests; back to INIT");
            init();
            return;
        }
        if (state == ClientState.SELECTING && sent == REQUEST_TRANSMISSIONS) {
            applyAndForget(new LeaseEvent.LeaseFail(config.interfaceName()));
            listener.event("leasefail", "no offer after " + sent + " discovers; still trying");
        }
        transmit();
    }

    private void parameters(DhcpOptions.Builder b) {
        b.add(Opt.PARAMETER_LIST, Opt.REQUESTED);
        b.addU16(Opt.MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE);
        if (!config.hostname().isEmpty()) {
            b.add(Opt.HOSTNAME, config.hostname());
        }
    }

    private DhcpMessage message(MessageType type, int id, Inet4Address ciaddr, boolean broadcastFlag,
            Consumer<DhcpOptions.Builder> more) {
        DhcpOptions.Builder b = DhcpOptions.builder().add(Opt.MESSAGE_TYPE, new byte[] {(byte) type.code});
        more.accept(b);
        b.add(Opt.CLIENT_ID, config.clientId());
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, id, 0, broadcastFlag, ciaddr, ANY, ANY, ANY, config.mac(), b.build());
    }

    private static DhcpMessage withSecs(DhcpMessage m, int secs) {
        return new DhcpMessage(m.op(), m.xid(), secs, m.broadcast(), m.ciaddr(), m.yiaddr(), m.siaddr(), m.giaddr(),
                m.chaddr(), m.options());
    }

    // ---- binding

    private void acknowledged(DhcpMessage ack, byte[] payload) {
        DhcpLease next;
        try {
            next = DhcpLease.fromAck(config.interfaceName(), ack, requestSentWall);
        } catch (MalformedPacketException e) {
            counters.malformed(e);
            log.warn("dhcp {}: dropped unusable DHCPACK: {}", config.interfaceName(), e.getMessage());
            return;
        }
        cancel(retransmit);
        naksInRow = 0;
        long answeredAt = requestSentNanos;
        boolean renewal = lease != null && lease.address().equals(next.address());
        DhcpLease previous = lease;
        int gen = generation;
        Consumer<ApplyResult> onApplied = result -> {
            switch (result) {
                case ApplyResult.Applied a -> bound(next, payload, answeredAt, renewal);
                case ApplyResult.Conflict c -> decline(next, c.reason());
                case ApplyResult.Failed f -> {
                    if (renewal) {
                        log.warn("dhcp {}: applying the renewal failed ({}); keeping the lease", config.interfaceName(), f.reason());
                        bound(next, payload, answeredAt, true);
                    } else {
                        listener.event("apply-failed", "cannot apply " + next + ": " + f.reason());
                        stopTimers();
                        lease = null;
                        apply(new LeaseEvent.Deconfig(config.interfaceName()), r -> backoffThenInit(), generation);
                    }
                }
            }
        };
        if (renewal) {
            apply(new LeaseEvent.Renew(next), onApplied, gen);
        } else if (previous != null) {
            stopTimers();
            lease = null;
            listener.lost();
            apply(new LeaseEvent.Deconfig(config.interfaceName()), r -> apply(new LeaseEvent.Bound(next), onApplied, gen), gen);
        } else {
            apply(new LeaseEvent.Bound(next), onApplied, gen);
        }
    }

    private void bound(DhcpLease next, byte[] ack, long answeredAtNanos, boolean renewal) {
        stopTimers();
        lease = next;
        rebootLease = null;
        hint = next.address();
        boundAtNanos = answeredAtNanos;
        enter(ClientState.BOUND);
        transport.addressed();
        store.save(next, ack);
        Duration elapsed = sinceBound();
        t1 = later(next.renewalTime().minus(elapsed), this::renewing);
        t2 = later(next.rebindingTime().minus(elapsed), this::rebinding);
        expiry = later(next.leaseTime().minus(elapsed), this::expired);
        if (renewal) {
            counters.renewals++;
        } else {
            counters.leases++;
        }
        listener.event(renewal ? "renewed" : "bound", next.toString());
        listener.bound(next);
    }

    private void decline(DhcpLease conflicting, String reason) {
        counters.declines++;
        DhcpMessage decline = message(MessageType.DECLINE, newXid(), ANY, false, b -> {
            b.add(Opt.REQUESTED_IP, conflicting.address());
            b.add(Opt.SERVER_ID, conflicting.serverId());
        });
        sendUnaddressed(decline);
        listener.event("declined", conflicting.address().getHostAddress() + " is in use: " + reason);
        stopTimers();
        if (lease != null) {
            lease = null;
            listener.lost();
        }
        hint = null;
        store.delete();
        apply(new LeaseEvent.Deconfig(config.interfaceName()), r -> backoffThenInit(), generation);
    }

    private void backoffThenInit() {
        enter(ClientState.BACKOFF);
        retransmit = later(RESTART_DELAY, this::init);
    }

    // ---- RENEWING / REBINDING / expiry / NAK

    private void renewing() {
        cancel(retransmit);
        listener.event("renewing", "renewing " + lease.address().getHostAddress() + " with " + lease.serverId().getHostAddress());
        enter(ClientState.RENEWING);
        xid = newXid();
        exchangeStartNanos = now();
        transmit();
    }

    private void rebinding() {
        cancel(retransmit);
        cancel(t1);
        listener.event("rebinding", "rebinding " + lease.address().getHostAddress() + " with any server");
        enter(ClientState.REBINDING);
        xid = newXid();
        exchangeStartNanos = now();
        transmit();
    }

    private void expired() {
        counters.expiries++;
        listener.event("expired", "lease of " + lease.address().getHostAddress() + " expired");
        stopTimers();
        lease = null;
        store.delete();
        listener.lost();
        enter(ClientState.BACKOFF);
        apply(new LeaseEvent.Deconfig(config.interfaceName()), r -> init(), generation);
    }

    private void nak(DhcpMessage m) {
        counters.naks++;
        naksInRow++;
        String text = m.options().text(Opt.MESSAGE);
        listener.event("nak", "DHCPNAK from " + address(serverIdOrNull(m)) + (text.isEmpty() ? "" : ": " + text));
        stopTimers();
        boolean had = lease != null;
        lease = null;
        rebootLease = null;
        hint = null;
        store.delete();
        if (had) {
            listener.lost();
        }
        enter(ClientState.BACKOFF);
        int gen = generation;
        apply(new LeaseEvent.Nak(config.interfaceName(), text), r -> apply(new LeaseEvent.Deconfig(config.interfaceName()), r2 -> {
            if (naksInRow > 2) {
                backoffThenInit();
            } else {
                init();
            }
        }, gen), gen);
    }

    // ---- plumbing

    /** Runs one applier event; {@code then} runs on the loop unless the client was stopped meanwhile. */
    private void apply(LeaseEvent event, Consumer<ApplyResult> then, int gen) {
        applying = true;
        CompletionStage<ApplyResult> stage;
        try {
            stage = applier.apply(event);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> loop.execute(Owned.task("dhcp", () -> {
            if (gen != generation) {
                return;
            }
            applying = false;
            ApplyResult r = failure != null ? new ApplyResult.Failed(failure.toString()) : result;
            if (r instanceof ApplyResult.Failed f) {
                log.warn("dhcp {}: applier {} failed on {}: {}", config.interfaceName(), applier.name(), event.name(), f.reason());
            }
            then.accept(r);
        })));
    }

    private void applyAndForget(LeaseEvent event) {
        try {
            applier.apply(event).whenComplete((r, e) -> {
                if (e != null || r instanceof ApplyResult.Failed) {
                    log.warn("dhcp {}: applier {} failed on {}: {}", config.interfaceName(), applier.name(), event.name(), e != null ? e : r);
                }
            });
        } catch (RuntimeException e) {
            log.warn("dhcp {}: applier {} failed on {}", config.interfaceName(), applier.name(), event.name(), e);
        }
    }

    private void sendUnaddressed(DhcpMessage m) {
        try {
            transport.broadcastUnaddressed(DhcpCodec.encode(m));
            counters.sent(m.type());
        } catch (IOException e) {
            counters.sendFailures++;
            log.warn("dhcp {}: sending {} failed: {}", config.interfaceName(), m.type(), e.getMessage());
        }
    }

    private void sendFrom(DhcpMessage m, Inet4Address to) {
        try {
            transport.send(DhcpCodec.encode(m), to);
            counters.sent(m.type());
        } catch (IOException e) {
            counters.sendFailures++;
            log.warn("dhcp {}: sending {} to {} failed: {}", config.interfaceName(), m.type(), to.getHostAddress(), e.getMessage());
        }
    }

    private void enter(ClientState next) {
        if (next != state) {
            log.debug("dhcp {}: {} -> {}", config.interfaceName(), state, next);
            state = next;
        }
        sent = 0;
    }

    private Cancellable later(Duration delay, Runnable task) {
        int gen = generation;
        return loop.schedule(delay, Owned.task("dhcp", () -> {
            if (gen == generation) {
                task.run();
            }
        }));
    }

    private void stopTimers() {
        cancel(retransmit);
        cancel(t1);
        cancel(t2);
        cancel(expiry);
        retransmit = t1 = t2 = expiry = null;
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private int newXid() {
        return random.nextInt();
    }

    private long now() {
        return loop.clock().nanos();
    }

    private Duration sinceBound() {
        return Duration.ofNanos(now() - boundAtNanos);
    }

    private static String address(InetAddress a) {
        return a == null ? "?" : a.getHostAddress();
    }

    // ---- status

    ClientState state() {
        return state;
    }

    DhcpLease lease() {
        return lease;
    }

    int xid() {
        return xid;
    }

    Counters counters() {
        return counters;
    }

    /** @return time left on the lease, or zero without one */
    Duration remaining() {
        if (lease == null) {
            return Duration.ZERO;
        }
        Duration left = lease.leaseTime().minus(sinceBound());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** @return the state and lease as a map for status */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.name());
        m.put("interface", config.interfaceName());
        m.put("mac", config.macText());
        m.put("applier", applier.name());
        m.put("xid", String.format("0x%08x", xid));
        if (lease != null) {
            m.put("address", lease.address().getHostAddress() + "/" + lease.prefixLength());
            m.put("routers", lease.effectiveRouters().stream().map(InetAddress::getHostAddress).toList());
            m.put("dns", lease.dnsServers().stream().map(InetAddress::getHostAddress).toList());
            m.put("ntp", lease.ntpServers().stream().map(InetAddress::getHostAddress).toList());
            m.put("domain", lease.domain());
            m.put("searchDomains", lease.searchDomains());
            m.put("serverId", lease.serverId().getHostAddress());
            m.put("leaseSeconds", lease.leaseTime().toSeconds());
            m.put("t1Seconds", lease.renewalTime().toSeconds());
            m.put("t2Seconds", lease.rebindingTime().toSeconds());
            m.put("remainingSeconds", remaining().toSeconds());
            m.put("obtainedAt", lease.obtainedAt().toString());
            m.put("mtu", lease.mtu());
            m.put("unknownOptions", lease.unknownOptions().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue)));
        }
        m.put("counters", counters.snapshot());
        return m;
    }
}
