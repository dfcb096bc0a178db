package lws.ntp;

import lws.app.api.Cancellable;

import java.util.EnumMap;
import java.util.Map;

/**
 * The client's state for one server: its request in flight, its burst, its filter, its reachability
 * register and poll interval, and its counters. A plain holder owned by {@link NtpClient}, which alone
 * changes it. Loop thread only.
 */
final class Peer {
    /** Whether the server is still used. */
    enum State {
        /** Polled normally. */
        ACTIVE,
        /** Dropped after a DENY or RSTR Kiss-o'-Death. */
        DENIED
    }

    final ServerAddress server;
    final PollPolicy poll;
    final ClockFilter filter = new ClockFilter();
    final Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);

    State state = State.ACTIVE;
    /** The last kiss code received, or "". */
    String lastKiss = "";
    /** Reachability: bit 0 is the latest request, set when it got a valid reply (RFC 5905 "reach"). */
    int reach;
    /** Whether the first request has ended (reply, rejection or timeout): used to gate TIME_VALID. */
    boolean firstAttemptDone;

    /** A request is in flight: its nonce (our transmit timestamp) and precise send times. */
    boolean outstanding;
    long nonce;
    long sentNtp;
    long sentMono;
    /** The pending timeout (while outstanding) or the pending next send. */
    Cancellable timer;
    int burstLeft;

    /** The selected sample (best of the latest burst with samples), or null. */
    NtpSample selected;
    /** The previous burst's best sample, for the stability test of the poll policy. */
    NtpSample previousBurstBest;

    long sent;
    long accepted;
    long timeouts;
    long kisses;
    long sendErrors;

    /**
     * @param server the server
     * @param poll its poll policy
     */
    Peer(ServerAddress server, PollPolicy poll) {
        this.server = server;
        this.poll = poll;
    }

    /** @return true if one of the last eight requests got a valid reply */
    boolean reachable() {
        return reach != 0;
    }

    /** Cancels the pending timer, if any. */
    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** @param reason a rejection to count */
    void count(Rejection reason) {
        rejected.merge(reason, 1L, Long::sum);
    }
}
