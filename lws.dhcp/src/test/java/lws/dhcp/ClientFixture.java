package lws.dhcp;

import lws.system.EventLoop;
import lws.system.ManualClock;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A DHCP client on a virtual-time loop with a fake transport that records what it sends, a fake applier
 * that records events, and a scripted server that builds replies to recorded requests.
 */
final class ClientFixture implements AutoCloseable {
    static final byte[] MAC = HexFormat.ofDelimiter(":").parseHex("02:00:00:00:00:01");
    static final Inet4Address SERVER = ip("10.77.0.1");
    static final Inet4Address OFFERED = ip("10.77.0.50");
    static final Inet4Address ZERO = ip("0.0.0.0");
    static final Inet4Address ALL = ip("255.255.255.255");

    /** One message the client sent. */
    record Sent(DhcpMessage message, Inet4Address to, boolean unaddressed, long atNanos) {
        MessageType type() {
            return message.type();
        }
    }

    final ManualClock clock = new ManualClock();
    final EventLoop loop = EventLoop.builder().name("dhcp-test").clock(clock).stallThreshold(Duration.ZERO).build();
    final List<Sent> sent = new ArrayList<>();
    final List<LeaseEvent> applied = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<DhcpLease> bound = new ArrayList<>();
    int lost;
    /** Calls of {@link Transport#addressed()}. */
    int addressed;
    /** What the fake transport's {@link Transport#ready()} returns; completed unless a test replaces it. */
    CompletableFuture<Void> transportReady = CompletableFuture.completedFuture(null);
    Function<LeaseEvent, ApplyResult> applyResult = e -> ApplyResult.applied();
    final LeaseStore store;
    final DhcpClient client;

    ClientFixture(Path leaseDir, boolean rapidCommit, boolean releaseOnStop, long seed) {
        loop.runOnce(Duration.ZERO);
        store = new LeaseStore(leaseDir, "eth0", Runnable::run);
        Transport transport = new Transport() {
            @Override
            public void broadcastUnaddressed(byte[] payload) {
                record(payload, ALL, true);
            }

            @Override
            public void send(byte[] payload, Inet4Address destination) {
                record(payload, destination, false);
            }

            @Override
            public CompletionStage<Void> ready() {
                return transportReady;
            }

            @Override
            public void addressed() {
                addressed++;
            }

            @Override
            public void close() {
            }
        };
        LeaseApplier applier = new LeaseApplier() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public CompletionStage<ApplyResult> apply(LeaseEvent event) {
                applied.add(event);
                return CompletableFuture.completedFuture(applyResult.apply(event));
            }
        };
        DhcpClient.Listener listener = new DhcpClient.Listener() {
            @Override
            public void bound(DhcpLease lease) {
                bound.add(lease);
            }

            @Override
            public void lost() {
                lost++;
            }

            @Override
            public void event(String kind, String message) {
                events.add(kind);
            }
        };
        InstantSource wall = () -> Instant.ofEpochSecond(1_700_000_000L).plusNanos(clock.nanos());
        client = new DhcpClient(loop, new ClientConfig("eth0", MAC, ClientConfig.defaultClientId(MAC), "box", rapidCommit, releaseOnStop),
                transport, applier, store, listener, wall, new Random(seed));
    }

    private void record(byte[] payload, Inet4Address to, boolean unaddressed) {
        try {
            sent.add(new Sent(DhcpCodec.parse(payload), to, unaddressed, clock.nanos()));
        } catch (MalformedPacketException e) {
            throw new AssertionError("client sent a malformed packet", e);
        }
    }

    /** Runs queued tasks and due timers. */
    void settle() {
        for (int i = 0; i < 5; i++) {
            loop.runOnce(Duration.ZERO);
        }
    }

    /** Moves virtual time forward in 10 ms steps, running timers as they fall due. */
    void advance(Duration by) {
        long steps = by.toMillis() / 10;
        for (long i = 0; i < steps; i++) {
            clock.advance(Duration.ofMillis(10));
            loop.runOnce(Duration.ZERO);
        }
        settle();
    }

    Sent last() {
        return sent.getLast();
    }

    /** Replies to the last message sent. */
    void reply(MessageType type, Inet4Address yiaddr, Consumer<DhcpOptions.Builder> options) {
        reply(last().message(), type, yiaddr, options);
    }

    void reply(DhcpMessage request, MessageType type, Inet4Address yiaddr, Consumer<DhcpOptions.Builder> options) {
        client.received(DhcpCodec.encode(serverMessage(request, type, yiaddr, options)), 67);
        settle();
    }

    static DhcpMessage serverMessage(DhcpMessage request, MessageType type, Inet4Address yiaddr, Consumer<DhcpOptions.Builder> options) {
        DhcpOptions.Builder b = DhcpOptions.builder().add(Opt.MESSAGE_TYPE, new byte[] {(byte) type.code})
                .add(Opt.SERVER_ID, SERVER);
        options.accept(b);
        if (type != MessageType.NAK) { // defaults for what the test did not set
            long[][] times = {{Opt.LEASE_TIME, 120}, {Opt.T1, 60}, {Opt.T2, 105}};
            for (long[] t : times) {
                if (!b.has((int) t[0])) {
                    b.addU32((int) t[0], t[1]);
                }
            }
            for (int code : new int[] {Opt.ROUTER, Opt.DNS, Opt.NTP}) {
                if (!b.has(code)) {
                    b.add(code, SERVER);
                }
            }
            if (!b.has(Opt.SUBNET_MASK)) {
                b.add(Opt.SUBNET_MASK, ip("255.255.255.0"));
            }
        }
        return new DhcpMessage(2, request.xid(), 0, request.broadcast(), ZERO, type == MessageType.NAK ? ZERO : yiaddr, ZERO, ZERO,
                request.chaddr(), b.build());
    }

    static Consumer<DhcpOptions.Builder> none() {
        return b -> { };
    }

    /** Runs DISCOVER → OFFER → REQUEST → ACK. */
    void acquire() {
        client.start(null);
        settle();
        reply(MessageType.OFFER, OFFERED, none());
        reply(MessageType.ACK, OFFERED, none());
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) java.net.InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public void close() {
        loop.close();
    }
}
