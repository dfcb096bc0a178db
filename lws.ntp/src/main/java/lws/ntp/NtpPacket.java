package lws.ntp;

import org.apache.commons.net.ntp.NtpUtils;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;

import java.net.DatagramPacket;
import java.util.Arrays;

/**
 * The 48-byte NTP header, encoded and decoded with commons-net's {@link NtpV3Impl}: our code only moves
 * bytes between the socket and this codec. Stateless; any thread.
 */
final class NtpPacket {
    /** Size of the NTP header without extension fields or MAC. */
    static final int HEADER_BYTES = 48;

    private NtpPacket() {
    }

    /**
     * Encodes a client request: mode 3, version 4, every field zero except the transmit timestamp.
     *
     * @param transmitNtp the transmit timestamp (our nonce: the server echoes it as origin)
     * @return the 48 bytes
     */
    static byte[] request(long transmitNtp) {
        NtpV3Impl packet = new NtpV3Impl();
        packet.setMode(NtpV3Packet.MODE_CLIENT);
        packet.setVersion(NtpV3Packet.VERSION_4);
        packet.setTransmitTime(new TimeStamp(transmitNtp));
        DatagramPacket datagram = packet.getDatagramPacket();
        return Arrays.copyOf(datagram.getData(), HEADER_BYTES);
    }

    /**
     * Decodes the header of a received datagram; extension fields and a MAC after it are ignored.
     *
     * @param data the datagram
     * @param length its length
     * @return the header fields
     * @throws MalformedPacketException if the datagram is shorter than the header
     */
    static NtpReply decode(byte[] data, int length) {
        if (length < HEADER_BYTES) {
            throw new MalformedPacketException(length + " bytes, an NTP header has " + HEADER_BYTES);
        }
        NtpV3Impl packet = new NtpV3Impl();
        packet.setDatagramPacket(new DatagramPacket(data, 0, length));
        return new NtpReply(packet.getLeapIndicator(), packet.getVersion(), packet.getMode(),
                packet.getStratum(), packet.getPoll(), packet.getPrecision(),
                packet.getRootDelay() & 0xFFFF_FFFFL, packet.getRootDispersion() & 0xFFFF_FFFFL,
                packet.getReferenceId(), referenceText(packet),
                packet.getOriginateTimeStamp().ntpValue(), packet.getReceiveTimeStamp().ntpValue(),
                packet.getTransmitTimeStamp().ntpValue());
    }

    /** Stratum 0/1: four ASCII characters (kiss code, clock name); above: an IPv4 address or IPv6 hash, dotted. */
    private static String referenceText(NtpV3Impl packet) {
        if (packet.getStratum() <= 1) {
            return packet.getReferenceIdString();
        }
        return NtpUtils.getHostAddress(packet.getReferenceId());
    }

    /** A datagram that is not an NTP header. */
    static final class MalformedPacketException extends RuntimeException {
        MalformedPacketException(String message) {
            super(message);
        }
    }
}
