package lws.ctl;

/** Milliseconds for people: {@code 850 ms}, {@code 1.234 s}, {@code 2 min 3 s}, {@code 1 h 2 min}. Thread-safe. */
final class Durations {
    private Durations() {
    }

    /**
     * @param ms a duration in milliseconds (negative values are shown with a minus sign)
     * @return the duration in the largest fitting units
     */
    static String human(long ms) {
        if (ms < 0) {
            return "-" + human(-ms);
        }
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            // not String.format: java.util.Formatter loads locale data, milliseconds of lwsctl's start
            long fraction = ms % 1_000;
            return ms / 1_000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction + " s";
        }
        long seconds = ms / 1_000;
        if (seconds < 3_600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 24 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes / (24 * 60) + " d " + minutes / 60 % 24 + " h";
    }
}
