package lws.dhcp;

import lws.dhcp.MalformedPacketException.Reason;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhcpCodecTest {
    private static final byte[] UDHCPC_MAC = HexFormat.ofDelimiter(":").parseHex("8a:25:7c:5d:95:12");

    static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void parsesDnsmasqOffer() throws Exception {
        byte[] discover = Golden.load("udhcpc-discover");
        DhcpMessage offer = DhcpCodec.parseReply(Golden.load("dnsmasq-offer"));
        assertEquals(MessageType.OFFER, offer.type());
        assertEquals(DhcpCodec.parse(discover).xid(), offer.xid());
        assertArrayEquals(UDHCPC_MAC, offer.chaddr());
        assertEquals(ip("10.77.0.133"), offer.yiaddr());
        assertEquals(ip("10.77.0.1"), offer.options().address(Opt.SERVER_ID));
        assertEquals(120, offer.options().u32(Opt.LEASE_TIME));
        assertEquals(60, offer.options().u32(Opt.T1));
        assertEquals(105, offer.options().u32(Opt.T2));
        assertEquals("test.lan", offer.options().text(Opt.DOMAIN_NAME));
    }

    @Test
    void parsesDnsmasqAckIntoLease() throws Exception {
        DhcpMessage ack = DhcpCodec.parseReply(Golden.load("dnsmasq-ack"));
        assertEquals(MessageType.ACK, ack.type());
        assertFalse(ack.broadcast(), "udhcpc did not ask for a broadcast reply");
        DhcpLease lease = DhcpLease.fromAck("eth0", ack, java.time.Instant.EPOCH);
        assertEquals(ip("10.77.0.133"), lease.address());
        assertEquals(24, lease.prefixLength());
        assertEquals("255.255.255.0", lease.netmask());
        assertEquals(java.util.List.of(ip("10.77.0.1")), lease.routers());
        assertEquals(java.util.List.of(ip("10.77.0.1")), lease.dnsServers());
        assertEquals(java.util.List.of(ip("10.77.0.1")), lease.ntpServers());
        assertEquals("golden", lease.hostname());
        assertEquals(ip("10.77.0.255"), lease.broadcast());
        assertEquals(120, lease.leaseTime().toSeconds());
        assertEquals(60, lease.renewalTime().toSeconds());
        assertEquals(105, lease.rebindingTime().toSeconds());
        assertTrue(lease.unknownOptions().isEmpty(), lease.unknownOptions().toString());
    }

    @Test
    void parsesNakAndRapidCommitAck() throws Exception {
        DhcpMessage nak = DhcpCodec.parseReply(Golden.load("dnsmasq-nak"));
        assertEquals(MessageType.NAK, nak.type());
        assertEquals(DhcpCodec.parse(Golden.load("dhclient-reboot-request")).xid(), nak.xid());
        assertTrue(nak.broadcast());
        assertFalse(nak.options().text(Opt.MESSAGE).isEmpty(), "dnsmasq explains its NAK");
        DhcpMessage rapid = DhcpCodec.parseReply(Golden.load("dnsmasq-rapid-ack"));
        assertEquals(MessageType.ACK, rapid.type());
        assertTrue(rapid.options().has(Opt.RAPID_COMMIT));
    }

    @Test
    void encodesOurDiscoverExactlyAsCaptured() throws Exception {
        byte[] captured = Golden.load("lws-discover-rapid");
        DhcpMessage parsed = DhcpCodec.parse(captured);
        assertEquals(MessageType.DISCOVER, parsed.type());
        assertTrue(parsed.broadcast());
        assertArrayEquals(captured, DhcpCodec.encode(parsed));
        assertArrayEquals(Opt.REQUESTED, parsed.options().bytes(Opt.PARAMETER_LIST));
    }

    @Test
    void roundTripsEveryFieldAndSplitsLongOptions() throws Exception {
        byte[] big = new byte[600];
        Arrays.fill(big, (byte) 7);
        DhcpOptions options = DhcpOptions.builder().add(Opt.MESSAGE_TYPE, new byte[] {5}).add(200, big)
                .add(Opt.SERVER_ID, ip("192.0.2.1")).build();
        DhcpMessage m = new DhcpMessage(2, 0x12345678, 9, true, ip("0.0.0.1"), ip("192.0.2.9"), ip("192.0.2.2"),
                ip("192.0.2.3"), UDHCPC_MAC, options);
        DhcpMessage back = DhcpCodec.parseReply(DhcpCodec.encode(m));
        assertEquals(0x12345678, back.xid());
        assertEquals(9, back.secs());
        assertTrue(back.broadcast());
        assertEquals(ip("0.0.0.1"), back.ciaddr());
        assertEquals(ip("192.0.2.9"), back.yiaddr());
        assertEquals(ip("192.0.2.2"), back.siaddr());
        assertEquals(ip("192.0.2.3"), back.giaddr());
        assertArrayEquals(big, back.options().bytes(200), "600 bytes written as 3 instances and concatenated back");
        assertEquals(ip("192.0.2.1"), back.options().address(Opt.SERVER_ID));
    }

    @Test
    void readsOptionsFromFileAndSnameWhenOverloaded() throws Exception {
        // overload 3: file gets option 200, sname option 201
        byte[] q = overloaded(3);
        byte[] file = {(byte) 200, 2, 'h', 'i', (byte) 255};
        byte[] sname = {(byte) 201, 1, 'x', (byte) 255};
        System.arraycopy(file, 0, q, 108, file.length);
        System.arraycopy(sname, 0, q, 44, sname.length);
        DhcpMessage m = DhcpCodec.parseReply(q);
        assertEquals("hi", m.options().text(200));
        assertEquals("x", m.options().text(201));
        assertFalse(m.options().has(Opt.OVERLOAD), "52 itself is framing, not a value");
        DhcpLease lease = DhcpLease.fromAck("eth0", m, java.time.Instant.EPOCH);
        assertEquals("6869", lease.unknownOptions().get(200), "unknown options kept, in hex");
    }

    // ---- every rejection

    @Test
    void rejectsShortPacket() {
        assertReason(Reason.TOO_SHORT, Arrays.copyOf(Golden.load("dnsmasq-ack"), 239));
    }

    @Test
    void rejectsBootRequestAsReply() {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> DhcpCodec.parseReply(Golden.load("udhcpc-discover")));
        assertEquals(Reason.NOT_BOOTREPLY, e.reason);
        byte[] p = Golden.load("dnsmasq-ack");
        p[0] = 3;
        assertReason(Reason.NOT_BOOTREPLY, p);
    }

    @Test
    void rejectsNonEthernetHardware() {
        byte[] p = Golden.load("dnsmasq-ack");
        p[1] = 6; // IEEE 802
        assertReason(Reason.NOT_ETHERNET, p);
        byte[] q = Golden.load("dnsmasq-ack");
        q[2] = 16;
        assertReason(Reason.NOT_ETHERNET, q);
    }

    @Test
    void rejectsBadCookie() {
        byte[] p = Golden.load("dnsmasq-ack");
        p[239] ^= 1;
        assertReason(Reason.BAD_COOKIE, p);
    }

    @Test
    void rejectsOptionRunningPastTheEnd() {
        byte[] p = Golden.load("dnsmasq-ack");
        int end = endOfOptions(p);
        byte[] q = Arrays.copyOf(p, end + 3);
        q[end] = 99;
        q[end + 1] = 10; // claims 10 bytes, 1 left
        assertReason(Reason.OPTION_OVERRUN, q);
        byte[] r = Arrays.copyOf(p, end + 1);
        r[end] = 99; // code with no length byte
        assertReason(Reason.OPTION_OVERRUN, r);
    }

    @Test
    void rejectsMissingEnd() {
        byte[] p = Golden.load("dnsmasq-ack");
        int end = endOfOptions(p);
        assertReason(Reason.MISSING_END, Arrays.copyOf(p, end));
        byte[] padded = Arrays.copyOf(p, end + 20);
        Arrays.fill(padded, end, padded.length, (byte) 0); // pads but never END
        assertReason(Reason.MISSING_END, padded);
    }

    @Test
    void rejectsBadOverload() {
        assertReason(Reason.BAD_OVERLOAD, overloaded(4)); // only 1..3 exist
        byte[] nested = overloaded(1);
        byte[] file = {52, 1, 2, (byte) 255};
        System.arraycopy(file, 0, nested, 108, file.length);
        assertReason(Reason.BAD_OVERLOAD, nested);
        byte[] unterminated = overloaded(2);
        Arrays.fill(unterminated, 44, 108, (byte) 0); // sname without END
        assertReason(Reason.MISSING_END, unterminated);
        byte[] longer = overloaded(1);
        longer[endOfOptions(Golden.load("dnsmasq-ack")) + 1] = 2;
        assertReason(Reason.BAD_OVERLOAD, longer);
    }

    @Test
    void rejectsMissingOrUnknownMessageType() throws Exception {
        byte[] p = Golden.load("dnsmasq-ack");
        int at = find(p, Opt.MESSAGE_TYPE);
        byte[] unknown = p.clone();
        unknown[at + 2] = 42;
        assertReason(Reason.BAD_MESSAGE_TYPE, unknown);
        byte[] missing = p.clone();
        missing[at] = 99; // the same bytes under another code
        assertReason(Reason.BAD_MESSAGE_TYPE, missing);
    }

    @Test
    void rejectsFixedSizeOptionsOfTheWrongLength() throws Exception {
        DhcpOptions o = DhcpOptions.builder().add(Opt.MESSAGE_TYPE, new byte[] {5})
                .add(Opt.SERVER_ID, new byte[] {10, 77, 0}).add(Opt.LEASE_TIME, new byte[] {0, 0, 0, 120}).build();
        DhcpMessage ack = new DhcpMessage(2, 1, 0, false, ip("0.0.0.0"), ip("10.77.0.5"), ip("0.0.0.0"), ip("0.0.0.0"),
                UDHCPC_MAC, o);
        DhcpMessage parsed = DhcpCodec.parseReply(DhcpCodec.encode(ack));
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> DhcpLease.fromAck("eth0", parsed, java.time.Instant.EPOCH));
        assertEquals(Reason.BAD_OPTION_LENGTH, e.reason);
    }

    /** @return the golden ACK with option 52 = {@code value} before its END (sname and file zero: no END) */
    private static byte[] overloaded(int value) {
        byte[] p = Golden.load("dnsmasq-ack");
        int end = endOfOptions(p);
        byte[] q = Arrays.copyOf(p, Math.max(p.length, end + 4));
        q[end] = 52;
        q[end + 1] = 1;
        q[end + 2] = (byte) value;
        q[end + 3] = (byte) 255;
        return q;
    }

    private static void assertReason(Reason reason, byte[] packet) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> DhcpCodec.parseReply(packet));
        assertEquals(reason, e.reason, e.getMessage());
    }

    /** @return the index of the END option of the main options area */
    static int endOfOptions(byte[] p) {
        int i = 240;
        while ((p[i] & 0xff) != 255) {
            i += p[i] == 0 ? 1 : 2 + (p[i + 1] & 0xff);
        }
        return i;
    }

    static int find(byte[] p, int code) {
        int i = 240;
        while ((p[i] & 0xff) != code) {
            i += p[i] == 0 ? 1 : 2 + (p[i + 1] & 0xff);
        }
        return i;
    }
}
