package lws.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Decides whether a datagram or TCP message is the reply to a query (RFC 5452 §9.1): it must arrive on
 * the socket the query left from, from the server asked, carry the query's id, have QR set and opcode
 * QUERY, and repeat the question exactly. Anything else is dropped and counted by {@link Rejection};
 * the query keeps waiting. Cheap checks on the raw header come before the full parse. Stateless; called
 * on the loop thread.
 */
final class ReplyCheck {
    private static final int HEADER = 12;

    private ReplyCheck() {
    }

    /**
     * Handles a datagram received on {@code port}: an accepted reply goes to its exchange.
     *
     * @param port the port it arrived on
     * @param from its sender
     * @param data the datagram
     * @param counters where rejections are counted
     */
    static void udp(UdpPort port, InetSocketAddress from, ByteBuffer data, DnsCounters counters) {
        Rejection why;
        if (data.remaining() < HEADER) {
            why = Rejection.MALFORMED;
        } else {
            Try t = port.waiting(data.getShort(data.position()) & 0xffff);
            if (t == null) {
                why = Rejection.UNKNOWN_ID;
            } else if (!from.equals(t.server)) {
                why = Rejection.WRONG_SERVER;
            } else {
                Message reply = parse(data, t.exchange, counters);
                if (reply != null) {
                    t.exchange.udpReply(t, reply);
                }
                return;
            }
        }
        counters.rejected(why);
    }

    /**
     * Checks a TCP reply (the connection already names the server).
     *
     * @param data the reply without its length prefix
     * @param id the id the query carried
     * @param exchange the exchange the query belongs to
     * @param counters where rejections are counted
     * @return the reply, or null if it was rejected
     */
    static Message tcp(ByteBuffer data, int id, Exchange exchange, DnsCounters counters) {
        if (data.remaining() < HEADER) {
            counters.rejected(Rejection.MALFORMED);
            return null;
        }
        if ((data.getShort(data.position()) & 0xffff) != id) {
            counters.rejected(Rejection.UNKNOWN_ID);
            return null;
        }
        return parse(data, exchange, counters);
    }

    private static Message parse(ByteBuffer data, Exchange exchange, DnsCounters counters) {
        int flags = data.get(data.position() + 2) & 0xff;
        if ((flags & 0x80) == 0 || ((flags >> 3) & 0x0f) != Opcode.QUERY) {
            counters.rejected(Rejection.NOT_RESPONSE);
            return null;
        }
        Message reply;
        try {
            reply = new Message(data);
        } catch (IOException | RuntimeException e) {
            counters.rejected(Rejection.MALFORMED);
            return null;
        }
        if (!sameQuestion(reply, exchange)) {
            counters.rejected(Rejection.QUESTION_MISMATCH);
            return null;
        }
        return reply;
    }

    private static boolean sameQuestion(Message reply, Exchange exchange) {
        if (!reply.getHeader().getFlag(Flags.QR)) {
            return false;
        }
        int questions = reply.getHeader().getCount(Section.QUESTION);
        if (questions == 0) {
            int rcode = reply.getHeader().getRcode();
            return rcode == Rcode.FORMERR || rcode == Rcode.NOTIMP;
        }
        if (questions != 1) {
            return false;
        }
        Record q = reply.getQuestion();
        return q.getType() == exchange.qtype && q.getDClass() == DClass.IN && q.getName().equals(exchange.qname);
    }
}
