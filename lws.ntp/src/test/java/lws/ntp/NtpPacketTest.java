package lws.ntp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpPacketTest {
    private static final long MAX_ROOT_DISTANCE = Duration.ofMillis(1500).toNanos();

    @Test
    void encodesTheRequestChronyAnswered() {
        byte[][] exchange = Replies.chronyExchange();
        long transmit = ByteBuffer.wrap(exchange[0]).getLong(40);
        assertArrayEquals(exchange[0], NtpPacket.request(transmit));
    }

    @Test
    void decodesChronysReplyAndAcceptsIt() {
        byte[][] exchange = Replies.chronyExchange();
        NtpReply reply = NtpPacket.decode(exchange[1], exchange[1].length);
        assertEquals(4, reply.mode());
        assertEquals(4, reply.version());
        assertEquals(8, reply.stratum());
        assertEquals(0, reply.leap());
        assertEquals("127.127.1.1", reply.referenceIdText());
        long transmit = ByteBuffer.wrap(exchange[0]).getLong(40);
        assertEquals(transmit, reply.originNtp());
        assertTrue(reply.transmitNtp() - reply.receiveNtp() > 0, "T3 after T2");
        assertInstanceOf(Verdict.Accepted.class, ReplyCheck.check(reply, transmit, Duration.ofNanos(MAX_ROOT_DISTANCE)));
    }

    @Test
    void computesOffsetAndDelayOfChronysReply() {
        byte[][] exchange = Replies.chronyExchange();
        NtpReply reply = NtpPacket.decode(exchange[1], exchange[1].length);
        long t1 = reply.originNtp();
        // Pretend the reply arrived 200 µs after the request left: delay = 200 µs minus server time.
        NtpSample sample = NtpSample.of(reply, t1, 200_000, 0, Instant.EPOCH);
        long serverNanos = NtpTime.fixedToNanos(reply.transmitNtp() - reply.receiveNtp());
        assertEquals(200_000 - serverNanos, sample.delayNanos(), 2);
        long expectedOffset = (NtpTime.fixedToNanos(reply.receiveNtp() - t1)
                + NtpTime.fixedToNanos(reply.transmitNtp() - (t1 + NtpTime.nanosToFixed(200_000)))) / 2;
        assertEquals(expectedOffset, sample.offsetNanos(), 2);
    }

    @Test
    void refusesDatagramsShorterThanTheHeader() {
        assertThrows(NtpPacket.MalformedPacketException.class, () -> NtpPacket.decode(new byte[47], 47));
    }

    @Test
    void ignoresExtensionFieldsAfterTheHeader() {
        byte[][] exchange = Replies.chronyExchange();
        byte[] longer = java.util.Arrays.copyOf(exchange[1], 68);
        assertEquals(8, NtpPacket.decode(longer, longer.length).stratum());
    }

    @Test
    void timestampConversionSurvivesTheEraRollover() {
        Instant before = Instant.parse("2036-02-07T06:28:15Z");
        Instant after = before.plusSeconds(2);
        long a = NtpTime.toNtp(before);
        long b = NtpTime.toNtp(after);
        assertEquals(2_000_000_000L, NtpTime.fixedToNanos(b - a));
        assertEquals(0xFFFF_FFFFL, a >>> 32);
    }

    @Test
    void fixedPointRoundTripsNanoseconds() {
        for (long nanos : new long[] {0, 1_000, 123_456_789, -5_000_000, -1_500_000_000L, 3_600_000_000_000L}) {
            long back = NtpTime.fixedToNanos(NtpTime.nanosToFixed(nanos));
            assertTrue(Math.abs(back - nanos) <= 1, "nanos " + nanos + " came back as " + back);
        }
    }
}
