package lws.dns;

import lws.system.EventLoop;
import lws.system.ManualClock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A resolver on a {@link ManualClock} loop driven by the test thread, over a {@link FakeNetwork}: virtual
 * time, recorded queries, injected replies.
 */
final class Rig implements AutoCloseable {
    static final InetSocketAddress S1 = new InetSocketAddress("127.0.0.1", 5354);
    static final InetSocketAddress S2 = new InetSocketAddress("127.0.0.2", 5355);

    final ManualClock clock = new ManualClock();
    final EventLoop loop = EventLoop.builder().name("dns-test").clock(clock).build();
    final FakeNetwork net = new FakeNetwork();
    final DnsCounters counters = new DnsCounters();
    final DnsSettings settings;
    final QueryEngine engine;
    final DnsResolver resolver;

    Rig(List<InetSocketAddress> servers) {
        this(settings(1000, 1000, 64), servers, List.of(), 1);
    }

    Rig(DnsSettings settings, List<InetSocketAddress> servers, List<String> search, int ndots) {
        this.settings = settings;
        loop.runOnce(Duration.ZERO); // binds the loop to the test thread
        engine = new QueryEngine(loop, net, settings, counters);
        resolver = new DnsResolver(loop, engine, new DnsCache(settings.cacheSize()), counters,
                new ServerList(servers, search, ndots, "test"));
    }

    /**
     * @param cacheSize cache entries (0: off)
     * @param maxInFlight the in-flight bound
     * @param socketQueries queries per socket
     * @return settings: 1 s timeout, 3 attempts, 4 sockets per family, EDNS 1232
     */
    static DnsSettings settings(int cacheSize, int maxInFlight, int socketQueries) {
        return new DnsSettings(Path.of(""), Path.of(""), List.of(), OptionalInt.empty(), Duration.ofSeconds(1), 3,
                cacheSize, Duration.ofHours(1), maxInFlight, DnsSettings.Family.IPV4_FIRST, 4, socketQueries, 1232,
                Duration.ZERO);
    }

    /** Advances virtual time and runs what became due. */
    void advance(Duration d) {
        clock.advance(d);
        loop.runOnce(Duration.ZERO);
    }

    /**
     * @param query the query to answer
     * @param rcode the reply's rcode
     * @param answers answer-section records
     * @return a well-formed reply (QR, RD, RA, same id and question)
     */
    static byte[] reply(FakeNetwork.Sent query, int rcode, Record... answers) {
        return reply(query.message(), rcode, List.of(answers), List.of());
    }

    static byte[] reply(Message query, int rcode, List<Record> answers, List<Record> authority) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(query.getQuestion().getName(), query.getQuestion().getType(), DClass.IN), Section.QUESTION);
        answers.forEach(r -> m.addRecord(r, Section.ANSWER));
        authority.forEach(r -> m.addRecord(r, Section.AUTHORITY));
        return m.toWire();
    }

    /**
     * @param stage a stage that should be complete
     * @return its value
     */
    static <T> T done(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (!f.isDone()) {
            throw new AssertionError("stage not complete");
        }
        return f.join();
    }

    /**
     * @param stage a stage that should have failed
     * @return the failure's message
     */
    static String failure(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        if (!f.isCompletedExceptionally()) {
            throw new AssertionError("stage not failed: " + (f.isDone() ? f.join() : "pending"));
        }
        try {
            f.join();
            throw new AssertionError("unreachable");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause().getMessage();
        }
    }

    @Override
    public void close() {
        engine.close("closed");
        loop.close();
        loop.runOnce(Duration.ZERO);
    }
}
