package lws.app.api;

import java.time.Instant;

/**
 * The system's view of wall-clock time: the host clock corrected by the NTP helper's offset when one is
 * known. Any thread.
 */
public interface TimeSource {
    /** @return the current time, corrected by {@link TimeStatus#offset()} */
    Instant now();

    /** @return where the time comes from and how much it is trusted */
    TimeStatus status();
}
