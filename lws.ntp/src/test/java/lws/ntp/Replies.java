package lws.ntp;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Crafts server replies byte by byte (independently of the commons-net codec under test) and reads
 * the golden chrony exchange from the test resources.
 */
final class Replies {
    private Replies() {
    }

    /** A mutable reply header; {@link #bytes()} encodes it. */
    static final class Builder {
        int leap;
        int version = 4;
        int mode = 4;
        int stratum = 2;
        int poll = 6;
        int precision = -20;
        long rootDelay16 = 0x0000_0100; // ~3.9 ms
        long rootDispersion16 = 0x0000_0100;
        int refId = 0x0A000001; // 10.0.0.1
        long reference;
        long origin;
        long receive;
        long transmit;

        Builder kiss(String code) {
            stratum = 0;
            leap = 3;
            refId = ByteBuffer.wrap(code.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).getInt();
            return this;
        }

        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(48);
            b.put((byte) (leap << 6 | version << 3 | mode));
            b.put((byte) stratum);
            b.put((byte) poll);
            b.put((byte) precision);
            b.putInt((int) rootDelay16);
            b.putInt((int) rootDispersion16);
            b.putInt(refId);
            b.putLong(reference);
            b.putLong(origin);
            b.putLong(receive);
            b.putLong(transmit);
            return b.array();
        }
    }

    /**
     * @param request a request as sent
     * @param serverTime the server's clock when it receives the request
     * @return a valid reply to it (T3 = T2 + 20 µs)
     */
    static Builder validFor(byte[] request, Instant serverTime) {
        Builder b = new Builder();
        b.origin = ByteBuffer.wrap(request).getLong(40);
        b.receive = NtpTime.toNtp(serverTime);
        b.transmit = NtpTime.toNtp(serverTime.plusNanos(20_000));
        b.reference = NtpTime.toNtp(serverTime.minusSeconds(30));
        return b;
    }

    /** @return the golden request and reply captured from chronyd 4.3 */
    static byte[][] chronyExchange() {
        try (var in = Replies.class.getResourceAsStream("chrony-4.3-exchange.txt")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            byte[] request = null;
            byte[] reply = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("request=")) {
                    request = HexFormat.of().parseHex(line.substring(8).trim());
                } else if (line.startsWith("reply=")) {
                    reply = HexFormat.of().parseHex(line.substring(6).trim());
                }
            }
            return new byte[][] {request, reply};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
