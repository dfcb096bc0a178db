package lws.dhcp;

import lws.dhcp.MalformedPacketException.Reason;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads and writes DHCP messages (RFC 2131 section 2, RFC 2132, option overload 52 and long options
 * split over several instances, RFC 3396). Parsing is strict: anything not well formed is refused with a
 * {@link MalformedPacketException} naming the reason. Stateless; any thread.
 */
final class DhcpCodec {
    static final int HEADER = 236;
    static final int COOKIE = 0x63825363;
    /** Smallest message written: BOOTP's 300 bytes, which some relays and servers still expect. */
    static final int MIN_SIZE = 300;
    private static final int SNAME_AT = 44;
    private static final int SNAME_LEN = 64;
    private static final int FILE_AT = 108;
    private static final int FILE_LEN = 128;

    private DhcpCodec() {
    }

    /**
     * Parses a server reply: a well-formed message with op BOOTREPLY.
     *
     * @param data the UDP payload
     * @return the message
     * @throws MalformedPacketException if it is not a well-formed BOOTREPLY
     */
    static DhcpMessage parseReply(byte[] data) throws MalformedPacketException {
        DhcpMessage m = parse(data);
        if (m.op() != DhcpMessage.BOOTREPLY) {
            throw new MalformedPacketException(Reason.NOT_BOOTREPLY, "op " + m.op());
        }
        return m;
    }

    /**
     * Parses any message (request or reply).
     *
     * @param data the UDP payload
     * @return the message
     * @throws MalformedPacketException if it is not well formed
     */
    static DhcpMessage parse(byte[] data) throws MalformedPacketException {
        if (data.length < HEADER + 4) {
            throw new MalformedPacketException(Reason.TOO_SHORT, data.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int op = b.get(0) & 0xff;
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new MalformedPacketException(Reason.NOT_BOOTREPLY, "op " + op);
        }
        if ((b.get(1) & 0xff) != 1 || (b.get(2) & 0xff) != 6) {
            throw new MalformedPacketException(Reason.NOT_ETHERNET, "htype " + (b.get(1) & 0xff) + " hlen " + (b.get(2) & 0xff));
        }
        if (b.getInt(HEADER) != COOKIE) {
            throw new MalformedPacketException(Reason.BAD_COOKIE, "0x" + Integer.toHexString(b.getInt(HEADER)));
        }
        DhcpOptions.Builder options = DhcpOptions.builder();
        int overload = readArea(data, HEADER + 4, data.length, true, options);
        if (overload == 1 || overload == 3) {
            readArea(data, FILE_AT, FILE_AT + FILE_LEN, false, options);
        }
        if (overload == 2 || overload == 3) {
            readArea(data, SNAME_AT, SNAME_AT + SNAME_LEN, false, options);
        }
        DhcpOptions opts = options.build();
        byte[] type = opts.asMap().get(Opt.MESSAGE_TYPE);
        if (type == null || type.length != 1 || MessageType.of(type[0] & 0xff) == null) {
            throw new MalformedPacketException(Reason.BAD_MESSAGE_TYPE,
                    type == null ? "no option 53" : "option 53 " + Arrays.toString(type));
        }
        return new DhcpMessage(op, b.getInt(4), b.getShort(8) & 0xffff, (b.getShort(10) & 0x8000) != 0,
                addr(data, 12), addr(data, 16), addr(data, 20), addr(data, 24), Arrays.copyOfRange(data, 28, 34),
                opts);
    }

    /**
     * Reads one option area into {@code into}.
     *
     * @return the value of option 52 when {@code main} (0 if absent)
     */
    private static int readArea(byte[] d, int from, int to, boolean main, DhcpOptions.Builder into)
            throws MalformedPacketException {
        int overload = 0;
        int i = from;
        while (i < to) {
            int code = d[i] & 0xff;
            if (code == Opt.PAD) {
                i++;
                continue;
            }
            if (code == Opt.END) {
                return overload;
            }
            if (i + 1 >= to) {
                throw new MalformedPacketException(Reason.OPTION_OVERRUN, "option " + code + " at " + i + " has no length");
            }
            int len = d[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new MalformedPacketException(Reason.OPTION_OVERRUN,
                        "option " + code + " at " + i + " length " + len + " runs past " + to);
            }
            byte[] value = Arrays.copyOfRange(d, i + 2, i + 2 + len);
            if (code == Opt.OVERLOAD) {
                if (!main || len != 1 || value[0] < 1 || value[0] > 3) {
                    throw new MalformedPacketException(Reason.BAD_OVERLOAD,
                            main ? "option 52 value " + Arrays.toString(value) : "option 52 inside sname/file");
                }
                overload = value[0];
            } else {
                into.add(code, value);
            }
            i += 2 + len;
        }
        throw new MalformedPacketException(Reason.MISSING_END, main ? "options area" : "sname/file area");
    }

    private static Inet4Address addr(byte[] d, int at) {
        return DhcpOptions.ipv4(d, at);
    }

    /**
     * Writes a message: header, cookie, every option (values over 255 bytes split, RFC 3396), END, padded
     * to {@value #MIN_SIZE} bytes. sname and file are left empty.
     *
     * @param m the message
     * @return the UDP payload
     */
    static byte[] encode(DhcpMessage m) {
        int size = HEADER + 4 + 1;
        for (byte[] v : m.options().asMap().values()) {
            size += v.length + 2 * Math.max(1, (v.length + 254) / 255);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.max(MIN_SIZE, size));
        b.put((byte) m.op()).put((byte) 1).put((byte) 6).put((byte) 0);
        b.putInt(m.xid());
        b.putShort((short) m.secs());
        b.putShort((short) (m.broadcast() ? 0x8000 : 0));
        b.put(m.ciaddr().getAddress()).put(m.yiaddr().getAddress()).put(m.siaddr().getAddress()).put(m.giaddr().getAddress());
        b.put(m.chaddr());
        b.position(HEADER);
        b.putInt(COOKIE);
        for (Map.Entry<Integer, byte[]> e : m.options().asMap().entrySet()) {
            byte[] v = e.getValue();
            int at = 0;
            do {
                int n = Math.min(255, v.length - at);
                b.put((byte) (int) e.getKey()).put((byte) n).put(v, at, n);
                at += n;
            } while (at < v.length);
        }
        b.put((byte) Opt.END);
        return b.array();
    }
}
