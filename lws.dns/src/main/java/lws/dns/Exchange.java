package lws.dns;

import lws.app.api.Cancellable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One question asked of the configured servers until one gives a usable reply.
 *
 * <p><b>Schedule.</b> Tries go to the servers in order, round after round ({@code dns.attempts} rounds);
 * a try in round {@code r} waits {@code dns.timeout × 2^r} before the next try goes out. Every try has
 * its own random id and a randomly chosen socket, and earlier tries stay valid until the exchange ends,
 * so a slow reply is still taken.
 *
 * <p><b>Replies.</b> NOERROR and NXDOMAIN end the exchange (unless TC is set: the same server is then
 * asked over TCP); SERVFAIL, REFUSED and every other rcode strike that server from the exchange and the
 * next server is tried at once. A failed TCP exchange strikes its server too. When the schedule is
 * exhausted the exchange fails with the last server error, or with a timeout naming the servers.
 *
 * <p><b>EDNS.</b> A query carries an OPT record unless its server refused EDNS lately
 * ({@link EdnsFallback}). FORMERR, NOTIMP or BADVERS to a query with OPT is such a refusal (RFC 6891 §7):
 * the server is remembered and asked again at once without OPT, in the same round; the same rcode to a
 * query without OPT is an ordinary server error.
 *
 * <p>Loop thread only.
 */
final class Exchange {
    final Name qname;
    final int qtype;
    private final QueryEngine engine;
    private final List<InetSocketAddress> servers;
    private final Consumer<Outcome> done;
    /** The query with an OPT record when EDNS is configured; built first. */
    private final byte[] query;
    /** The query without OPT, for servers that refused EDNS; built when first needed. */
    private byte[] plainQuery;
    private final boolean[] struck;
    private final List<Try> tries = new ArrayList<>(2);
    private final boolean[] asked;
    private int slot;
    private int round;
    private int sent;
    private String lastError;
    private Cancellable timer;
    private Cancellable tcp;
    private boolean finished;
    /** Links in the engine's list of exchanges in flight (owned by {@link QueryEngine}). */
    Exchange previous;
    Exchange next;

    Exchange(QueryEngine engine, Name qname, int qtype, List<InetSocketAddress> servers, Consumer<Outcome> done) {
        this.engine = engine;
        this.qname = qname;
        this.qtype = qtype;
        this.query = QueryEngine.wire(qname, qtype, engine.settings.ednsSize());
        this.servers = servers;
        this.done = done;
        this.struck = new boolean[servers.size()];
        this.asked = new boolean[servers.size()];
    }

    /** Sends the first try. */
    void start() {
        advance();
    }

    private void advance() {
        cancelTimer();
        int n = servers.size();
        int total = n * engine.settings.attempts();
        while (slot < total) {
            int index = slot % n;
            round = slot / n;
            slot++;
            if (struck[index]) {
                continue;
            }
            InetSocketAddress server = servers.get(index);
            try {
                send(server);
                asked[index] = true;
            } catch (IOException e) {
                lastError = "cannot send to " + QueryEngine.text(server) + ": " + e.getMessage();
                struck[index] = true;
                continue;
            }
            timer = engine.schedule(timeout(round), this::timedOut);
            return;
        }
        if (lastError == null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (asked[i]) {
                    names.add(QueryEngine.text(servers.get(i)));
                }
            }
            finish(new Outcome.Failed("timeout after " + sent + (sent == 1 ? " try" : " tries") + " to "
                    + String.join(", ", names)));
        } else {
            finish(new Outcome.Failed(lastError));
        }
    }

    private Duration timeout(int round) {
        return engine.settings.timeout().multipliedBy(1L << Math.min(round, 5));
    }

    private void send(InetSocketAddress server) throws IOException {
        boolean edns = engine.ednsFor(server);
        byte[] message = edns ? query : plainQuery();
        Try t = engine.newTry(this, server, edns);
        tries.add(t);
        sent++;
        patchId(message, t.id);
        engine.counters.queries++;
        if (!t.port.socket.send(ByteBuffer.wrap(message), server)) {
            engine.counters.sendDropped++;
        }
    }

    private byte[] plainQuery() {
        if (engine.settings.ednsSize() == 0) {
            return query;
        }
        if (plainQuery == null) {
            plainQuery = QueryEngine.wire(qname, qtype, 0);
        }
        return plainQuery;
    }

    private static void patchId(byte[] message, int id) {
        message[0] = (byte) (id >> 8);
        message[1] = (byte) id;
    }

    private void timedOut() {
        timer = null;
        if (!finished) {
            engine.counters.timeouts++;
            advance();
        }
    }

    /**
     * An accepted UDP reply to one of this exchange's tries.
     *
     * @param t the try it answers
     * @param reply the reply, already checked by {@link ReplyCheck}
     */
    void udpReply(Try t, Message reply) {
        engine.counters.answers++;
        int rcode = reply.getRcode();
        if (t.edns && refusesEdns(rcode)) {
            retryWithoutEdns(t);
        } else if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            serverError(t.server, Rcode.string(rcode) + " from " + QueryEngine.text(t.server));
        } else if (reply.getHeader().getFlag(Flags.TC)) {
            startTcp(t.server);
        } else {
            finish(new Outcome.Reply(reply, t.server));
        }
    }

    /**
     * @param rcode a reply's rcode, the extended bits of its OPT record included
     * @return true for the rcodes with which a server rejects a query it cannot parse or an EDNS version
     *         it does not know: FORMERR, NOTIMP, BADVERS
     */
    static boolean refusesEdns(int rcode) {
        return rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP || rcode == Rcode.BADVERS;
    }

    /**
     * The server refused the OPT record: remember it, and ask it again at once without one. Not an error
     * of the exchange: if the retry goes unanswered, the exchange times out as usual.
     */
    private void retryWithoutEdns(Try refused) {
        InetSocketAddress server = refused.server;
        engine.counters.ednsFallbacks++;
        engine.edns.refused(server, engine.now());
        refused.port.release(refused);
        tries.remove(refused);
        cancelTimer();
        try {
            send(server);
        } catch (IOException e) {
            serverError(server, "cannot send to " + QueryEngine.text(server) + ": " + e.getMessage());
            return;
        }
        timer = engine.schedule(timeout(round), this::timedOut);
    }

    private void serverError(InetSocketAddress server, String cause) {
        engine.counters.serverErrors++;
        lastError = cause;
        strike(server);
        advance();
    }

    private void strike(InetSocketAddress server) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).equals(server)) {
                struck[i] = true;
            }
        }
        for (int i = tries.size() - 1; i >= 0; i--) {
            Try t = tries.get(i);
            if (t.server.equals(server)) {
                t.port.release(t);
                tries.remove(i);
            }
        }
    }

    private void startTcp(InetSocketAddress server) {
        cancelTimer();
        strike(server);
        byte[] tcpQuery = (engine.ednsFor(server) ? query : plainQuery()).clone();
        int id = engine.random.next16();
        patchId(tcpQuery, id);
        engine.counters.queries++;
        engine.counters.tcpQueries++;
        tcp = engine.network.tcpExchange(server, tcpQuery, timeout(1), new DnsNetwork.TcpReply() {
            @Override
            public void completed(byte[] bytes) {
                tcp = null;
                if (finished) {
                    return;
                }
                Message reply = ReplyCheck.tcp(ByteBuffer.wrap(bytes), id, Exchange.this, engine.counters);
                if (reply == null) {
                    tcpFailed(server, "reply rejected");
                    return;
                }
                engine.counters.answers++;
                int rcode = reply.getRcode();
                if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                    finish(new Outcome.Reply(reply, server));
                } else {
                    serverError(server, Rcode.string(rcode) + " from " + QueryEngine.text(server) + " over TCP");
                }
            }

            @Override
            public void failed(String cause) {
                tcp = null;
                if (!finished) {
                    tcpFailed(server, cause);
                }
            }
        });
    }

    private void tcpFailed(InetSocketAddress server, String cause) {
        lastError = "TCP to " + QueryEngine.text(server) + ": " + cause;
        advance();
    }

    /**
     * Ends the exchange without an answer (the resolver is stopping).
     *
     * @param cause the cause the waiting lookup reports
     */
    void abort(String cause) {
        finish(new Outcome.Failed(cause));
    }

    private void finish(Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        if (tcp != null) {
            tcp.cancel();
            tcp = null;
        }
        for (Try t : tries) {
            t.port.release(t);
        }
        tries.clear();
        engine.finished(this);
        done.accept(outcome);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
