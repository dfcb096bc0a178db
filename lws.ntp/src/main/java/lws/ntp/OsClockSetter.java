package lws.ntp;

import java.time.Duration;

/**
 * Sets the host clock through {@link LinuxClock}: {@code step} jumps by offsets above one millisecond
 * (smaller ones are measurement noise); {@code slew} hands every offset, clamped to ±0.5 s, to the
 * kernel's single-shot slew, which replaces the previous one. Loop thread (the calls are a few
 * microseconds of system calls).
 */
final class OsClockSetter implements ClockSetter {
    private static final long STEP_FLOOR_NANOS = 1_000_000L;

    private final NtpSettings.ClockMode mode;

    /**
     * @param mode STEP or SLEW
     * @throws ClockException if the process lacks CAP_SYS_TIME (a clear error at start, not at the first sample)
     */
    OsClockSetter(NtpSettings.ClockMode mode) {
        if (mode == NtpSettings.ClockMode.OFF) {
            throw new IllegalArgumentException("OsClockSetter needs step or slew");
        }
        this.mode = mode;
        if (!LinuxClock.hasSysTime()) {
            throw new ClockException("ntp.set-clock=" + name() + " needs CAP_SYS_TIME, which this process lacks:"
                    + " run lwsd as root or grant the capability (e.g. systemd AmbientCapabilities=CAP_SYS_TIME),"
                    + " or set ntp.set-clock=off to only report the offset");
        }
    }

    @Override
    public String name() {
        return mode == NtpSettings.ClockMode.STEP ? "step" : "slew";
    }

    @Override
    public Adjustment adjust(Duration offset) {
        if (mode == NtpSettings.ClockMode.STEP) {
            if (Math.abs(offset.toNanos()) <= STEP_FLOOR_NANOS) {
                return Adjustment.NONE;
            }
            LinuxClock.step(offset);
            return new Adjustment(Adjustment.Kind.STEPPED, offset);
        }
        long micros = Math.clamp(offset.toNanos() / 1_000, -LinuxClock.MAX_SLEW_MICROS, LinuxClock.MAX_SLEW_MICROS);
        LinuxClock.slew(micros);
        return new Adjustment(Adjustment.Kind.SLEWING, Duration.ofNanos(micros * 1_000));
    }
}
