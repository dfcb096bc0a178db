package lws.ntp;

import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.EventLoop;
import lws.system.ManualClock;
import lws.system.SystemContext;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A system context with the NTP helper on virtual time: a {@link ManualClock} loop driven by the test
 * thread, a wall clock that follows it (and can be stepped), and a fake transport whose fake servers
 * answer requests after a configurable delay.
 */
final class TestBed implements AutoCloseable {
    static final Instant BOOT = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration STEP = Duration.ofMillis(10);

    final ManualClock clock = new ManualClock();
    final Wall wall = new Wall();
    final EventLoop loop = EventLoop.builder().name("ntp-test").clock(clock).stallThreshold(Duration.ZERO).build();
    final List<Sent> sent = new ArrayList<>();
    final Map<InetSocketAddress, FakeServer> servers = new HashMap<>();
    final NtpHelper helper;
    final SystemContext system;
    private final List<Pending> pending = new ArrayList<>();
    private NtpTransport.Receiver receiver;

    /** The host wall clock: boot time plus virtual time plus any step the test applies. */
    final class Wall implements InstantSource {
        private long stepNanos;

        @Override
        public Instant instant() {
            return BOOT.plusNanos(clock.nanos() + stepNanos);
        }

        void step(Duration by) {
            stepNanos += by.toNanos();
        }
    }

    /** One request as sent. */
    record Sent(InetSocketAddress to, byte[] bytes, long monoNanos, Instant wallTime) {
        long transmit() {
            return ByteBuffer.wrap(bytes).getLong(40);
        }
    }

    private record Pending(InetSocketAddress from, byte[] reply, long deliverAt) {
    }

    /** A fake server: its clock offset from the host, legs of the round trip, and how it answers. */
    static final class FakeServer {
        Duration offset = Duration.ZERO;
        Duration outbound = Duration.ofMillis(1);
        Duration back = Duration.ofMillis(1);
        boolean answering = true;
        Consumer<Replies.Builder> mutate = b -> { };
        /** Per-request legs, consumed in order before the defaults apply: {outbound ms, back ms}. */
        final List<long[]> legs = new ArrayList<>();
    }

    TestBed(Map<String, String> settings) {
        this(settings, null);
    }

    TestBed(Map<String, String> settings, ClockSetter setter) {
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(NtpSettings.KEYS);
        Config config = Config.of(keys, List.of(), settings);
        helper = new NtpHelper((l, r) -> {
            receiver = r;
            return new NtpTransport() {
                @Override
                public void send(InetSocketAddress to, byte[] packet) {
                    onSend(to, packet);
                }

                @Override
                public void close() {
                    receiver = null;
                }
            };
        }, setter, new SplittableRandom(42));
        system = SystemContext.builder().config(config).wallClock(wall).loop(loop).helpers(List.of(helper)).build();
    }

    FakeServer server(String host, int port) {
        return servers.computeIfAbsent(new InetSocketAddress(host, port), a -> new FakeServer());
    }

    TestBed start() {
        system.start();
        run();
        return this;
    }

    private void onSend(InetSocketAddress to, byte[] packet) {
        Sent s = new Sent(to, packet.clone(), clock.nanos(), wall.instant());
        sent.add(s);
        FakeServer server = servers.get(to);
        if (server == null || !server.answering) {
            return;
        }
        long outbound = server.outbound.toNanos();
        long back = server.back.toNanos();
        if (!server.legs.isEmpty()) {
            long[] leg = server.legs.removeFirst();
            outbound = leg[0] * 1_000_000;
            back = leg[1] * 1_000_000;
        }
        Instant serverTime = BOOT.plusNanos(s.monoNanos() + outbound).plus(server.offset); // true time, not the host's
        Replies.Builder reply = Replies.validFor(packet, serverTime);
        reply.transmit = reply.receive; // the server answers at once: T3 = T2
        server.mutate.accept(reply);
        pending.add(new Pending(to, reply.bytes(), s.monoNanos() + outbound + back));
    }

    /** Delivers a datagram now, as if read from the socket. */
    void deliver(InetSocketAddress from, byte[] bytes) {
        receiver.onDatagram(from, bytes, bytes.length, clock.nanos());
        run();
    }

    /** Runs the loop until nothing is due at the current virtual time. */
    void run() {
        for (int i = 0; i < 20; i++) {
            deliverDue();
            loop.runOnce(Duration.ZERO);
        }
    }

    private void deliverDue() {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.deliverAt() <= clock.nanos() && receiver != null) {
                it.remove();
                receiver.onDatagram(p.from(), p.reply(), p.reply().length, clock.nanos());
            }
        }
    }

    /**
     * Advances virtual time in steps of at most 10 ms, stopping exactly at each reply's arrival, running
     * the loop and delivering replies at each stop.
     */
    void advance(Duration by) {
        long target = clock.nanos() + by.toNanos();
        while (clock.nanos() < target) {
            long next = Math.min(target, clock.nanos() + STEP.toNanos());
            for (Pending p : pending) {
                if (p.deliverAt() > clock.nanos()) {
                    next = Math.min(next, p.deliverAt());
                }
            }
            clock.advance(Duration.ofNanos(next - clock.nanos()));
            deliverDue();
            loop.runOnce(Duration.ZERO);
        }
        run();
    }

    /** @return requests sent to {@code to} */
    List<Sent> sentTo(InetSocketAddress to) {
        return sent.stream().filter(s -> s.to().equals(to)).toList();
    }

    @Override
    public void close() {
        system.close();
        run();
    }
}
