package lws.dhcp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Ipv4UdpTest {
    @Test
    void buildsTheCapturedPacketByteForByte() {
        byte[] captured = Golden.load("lws-discover-rapid-ipv4");
        int id = ((captured[4] & 0xff) << 8) | (captured[5] & 0xff);
        byte[] payload = Arrays.copyOfRange(captured, 28, captured.length);
        assertArrayEquals(captured, Ipv4Udp.broadcast(payload, id));
    }

    @Test
    void checksumsVerify() {
        byte[] packet = Ipv4Udp.broadcast(Golden.load("udhcpc-discover"), 4711);
        assertEquals(0, Ipv4Udp.checksum(packet, 0, 20, 0), "an IPv4 header with its checksum sums to 0");
        int udpLength = packet.length - 20;
        assertEquals(0, Ipv4Udp.checksum(packet, 20, udpLength, 0xffffL + 0xffffL + 17 + udpLength));
        assertEquals(0, packet[12] | packet[13] | packet[14] | packet[15], "source 0.0.0.0");
    }
}
