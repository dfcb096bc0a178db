package lws.ntp;

import java.time.Instant;

/**
 * Conversions between {@link Instant}s, nanoseconds and NTP fixed-point values. Differences of 64-bit
 * NTP timestamps are taken as signed 32.32 values, which keeps the offset arithmetic correct across the
 * 2036 era rollover (RFC 5905 section 6). Stateless.
 */
final class NtpTime {
    /** Seconds from the NTP era 0 start (1900-01-01) to the Unix epoch. */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTime() {
    }

    /**
     * @param instant a time between 1968 and 2104
     * @return its 64-bit NTP timestamp (era 0, or era 1 from 2036-02-07)
     */
    static long toNtp(Instant instant) {
        long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
        long fraction = ((long) instant.getNano() << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction; // era 1 wraps the 32-bit seconds field by design
    }

    /**
     * @param ntpDifference a difference of two NTP timestamps, a signed 32.32 value
     * @return the difference in nanoseconds
     */
    static long fixedToNanos(long ntpDifference) {
        long seconds = ntpDifference >> 32;
        long fraction = ntpDifference & 0xFFFF_FFFFL;
        return seconds * NANOS_PER_SECOND + ((fraction * NANOS_PER_SECOND) >>> 32);
    }

    /**
     * @param nanos a duration in nanoseconds, at most ±68 years
     * @return the signed 32.32 value
     */
    static long nanosToFixed(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (seconds << 32) + (rest << 32) / NANOS_PER_SECOND;
    }

    /**
     * @param short16 an unsigned 16.16 value (root delay, root dispersion)
     * @return it in nanoseconds
     */
    static long shortToNanos(long short16) {
        return ((short16 & 0xFFFF_FFFFL) * NANOS_PER_SECOND) >>> 16;
    }
}
