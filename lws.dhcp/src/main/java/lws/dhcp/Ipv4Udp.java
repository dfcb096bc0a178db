package lws.dhcp;

import java.nio.ByteBuffer;

/**
 * Builds the IPv4 + UDP packet a DHCP client broadcasts before it has an address: source 0.0.0.0:68,
 * destination 255.255.255.255:67, TTL 64, both checksums. Stateless; any thread.
 */
final class Ipv4Udp {
    static final int HEADERS = 28;

    private Ipv4Udp() {
    }

    /**
     * @param payload the DHCP message
     * @param id the IPv4 identification field
     * @return the IPv4 packet
     */
    static byte[] broadcast(byte[] payload, int id) {
        int total = HEADERS + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) id).putShort((short) 0);
        b.put((byte) 64).put((byte) 17).putShort((short) 0);
        b.putInt(0).putInt(0xffffffff);
        b.putShort(10, (short) checksum(b.array(), 0, 20, 0));
        int udpLength = 8 + payload.length;
        b.putShort((short) 68).putShort((short) 67).putShort((short) udpLength).putShort((short) 0);
        b.put(payload);
        // pseudo header: source 0.0.0.0, destination 255.255.255.255, protocol 17, UDP length
        long pseudo = 0xffffL + 0xffffL + 17 + udpLength;
        int sum = checksum(b.array(), 20, udpLength, pseudo);
        b.putShort(26, (short) (sum == 0 ? 0xffff : sum));
        return b.array();
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code from}, plus {@code initial}. */
    static int checksum(byte[] d, int from, int len, long initial) {
        long sum = initial;
        int i = from;
        for (; i + 1 < from + len; i += 2) {
            sum += ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
        }
        if (i < from + len) {
            sum += (d[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
