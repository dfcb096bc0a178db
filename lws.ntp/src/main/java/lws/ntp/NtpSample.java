package lws.ntp;

import java.time.Instant;

/**
 * One validated measurement against one server (RFC 5905 on-wire protocol). All durations are in
 * nanoseconds; offset is what must be added to the host clock to get the server's time.
 *
 * @param offsetNanos clock offset θ = ((T2 − T1) + (T3 − T4)) / 2
 * @param delayNanos round-trip delay δ = (T4 − T1) − (T3 − T2), never negative
 * @param rootDelayNanos the server's root delay
 * @param rootDispersionNanos the server's root dispersion
 * @param stratum the server's stratum, 1–15
 * @param referenceId the server's reference id as text
 * @param leap the server's leap indicator, 0–2
 * @param monoNanos when the reply arrived, on the loop's monotonic clock
 * @param takenAt when the reply arrived, on the host wall clock
 */
record NtpSample(long offsetNanos, long delayNanos, long rootDelayNanos, long rootDispersionNanos, int stratum,
        String referenceId, int leap, long monoNanos, Instant takenAt) {

    /**
     * Computes a sample from a reply. T4 is T1 plus the elapsed monotonic time, so a wall-clock step
     * during the exchange cannot distort it.
     *
     * @param reply the accepted reply (T2, T3)
     * @param t1Ntp our precise send time as an NTP timestamp (not the randomised nonce)
     * @param elapsedNanos monotonic time from send to receipt
     * @param monoNanos monotonic time of receipt
     * @param takenAt host wall time of receipt
     * @return the sample
     */
    static NtpSample of(NtpReply reply, long t1Ntp, long elapsedNanos, long monoNanos, Instant takenAt) {
        long t4Ntp = t1Ntp + NtpTime.nanosToFixed(elapsedNanos);
        long offset = (reply.receiveNtp() - t1Ntp) / 2 + (reply.transmitNtp() - t4Ntp) / 2;
        long delay = (t4Ntp - t1Ntp) - (reply.transmitNtp() - reply.receiveNtp());
        return new NtpSample(NtpTime.fixedToNanos(offset), Math.max(0, NtpTime.fixedToNanos(delay)),
                reply.rootDelayNanos(), reply.rootDispersionNanos(), reply.stratum(), reply.referenceIdText(),
                reply.leap(), monoNanos, takenAt);
    }

    /**
     * @param stepNanos how far the host clock was stepped
     * @return this sample as if measured against the stepped clock
     */
    NtpSample afterStep(long stepNanos) {
        return new NtpSample(offsetNanos - stepNanos, delayNanos, rootDelayNanos, rootDispersionNanos, stratum,
                referenceId, leap, monoNanos, takenAt.plusNanos(stepNanos));
    }
}
