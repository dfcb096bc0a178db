package lws.ntp;

/**
 * The header fields of one received NTP packet, as decoded by {@link NtpPacket#decode}. Timestamps are
 * raw 64-bit NTP values (32.32 fixed point seconds since the era start); root delay and dispersion are
 * raw 16.16 fixed point seconds.
 *
 * @param leap the leap indicator, 0–3 (3: unsynchronised)
 * @param version the version number, 0–7
 * @param mode the association mode, 0–7 (4: server)
 * @param stratum the stratum, 0–255 (0: unspecified or Kiss-o'-Death)
 * @param poll the server's poll exponent (log2 seconds)
 * @param precision the server's precision exponent (log2 seconds, negative)
 * @param rootDelay16 the root delay, 16.16 fixed point seconds
 * @param rootDispersion16 the root dispersion, 16.16 fixed point seconds
 * @param referenceId the reference id (ASCII kiss code or refid for stratum 0/1, an address otherwise)
 * @param referenceIdText the reference id as commons-net formats it for this stratum
 * @param originNtp the origin timestamp: our transmit timestamp, echoed
 * @param receiveNtp the server's receive timestamp (T2)
 * @param transmitNtp the server's transmit timestamp (T3)
 */
record NtpReply(int leap, int version, int mode, int stratum, int poll, int precision, long rootDelay16,
        long rootDispersion16, int referenceId, String referenceIdText, long originNtp, long receiveNtp,
        long transmitNtp) {

    /** @return the four ASCII characters of the reference id (a kiss code when stratum is 0) */
    String kissCode() {
        StringBuilder code = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (referenceId >>> shift) & 0xFF;
            if (c != 0) {
                code.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
        }
        return code.toString();
    }

    /** @return the root delay in nanoseconds */
    long rootDelayNanos() {
        return NtpTime.shortToNanos(rootDelay16);
    }

    /** @return the root dispersion in nanoseconds */
    long rootDispersionNanos() {
        return NtpTime.shortToNanos(rootDispersion16);
    }
}
