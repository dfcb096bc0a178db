package lws.ntp;

import java.time.Duration;
import java.util.Objects;

/**
 * What the NTP helper does with the host clock once it knows the offset. The default reports only (apps
 * read corrected time from {@code AppContext.time()}); {@code ntp.set-clock=step|slew} selects the OS
 * setter, which needs CAP_SYS_TIME. Replaceable: a test or an embedding passes its own to
 * {@link NtpHelper}.
 *
 * <p>Called on the system loop thread after each burst that produced a sample; must not block.
 */
public interface ClockSetter {
    /** @return a short name for status, e.g. {@code "report-only"}, {@code "step"} */
    String name();

    /**
     * Acts on a new system offset.
     *
     * @param offset what must be added to the host clock to get true time
     * @return what was done to the host clock
     * @throws ClockException if the OS refused (e.g. no CAP_SYS_TIME); the helper reports it and keeps
     *         serving corrected time
     */
    Adjustment adjust(Duration offset);

    /** @return the default setter: leaves the host clock alone */
    static ClockSetter reportOnly() {
        return new ClockSetter() {
            @Override
            public String name() {
                return "report-only";
            }

            @Override
            public Adjustment adjust(Duration offset) {
                return Adjustment.NONE;
            }
        };
    }

    /**
     * What a setter did.
     *
     * @param kind stepped, slewing, or nothing
     * @param amount by how much (zero for nothing)
     */
    record Adjustment(Kind kind, Duration amount) {
        /** Nothing was done to the host clock. */
        public static final Adjustment NONE = new Adjustment(Kind.NONE, Duration.ZERO);

        /** Checks for nulls. */
        public Adjustment {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(amount, "amount");
        }

        /** What was done. */
        public enum Kind {
            /** The host clock was left alone. */
            NONE,
            /** The host clock jumped by the amount: stored samples must be shifted. */
            STEPPED,
            /** The kernel slews the host clock by the amount gradually. */
            SLEWING
        }
    }

    /** The OS refused to set the clock; the message names the call, the errno and the fix. */
    final class ClockException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what failed and why */
        public ClockException(String message) {
            super(message);
        }
    }
}
