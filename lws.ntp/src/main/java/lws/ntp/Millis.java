package lws.ntp;

import java.util.Locale;

/** Formats nanoseconds as milliseconds for messages and status. Stateless. */
final class Millis {
    private Millis() {
    }

    /**
     * @param nanos a duration in nanoseconds
     * @return milliseconds with three decimals, e.g. {@code "0.061"}
     */
    static String format(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /**
     * @param nanos a duration in nanoseconds
     * @return milliseconds as a number rounded to microseconds, for status maps
     */
    static double of(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
