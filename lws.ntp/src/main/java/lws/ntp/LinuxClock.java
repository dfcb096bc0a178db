package lws.ntp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Linux clock calls through {@code java.lang.foreign}: {@code clock_gettime}/{@code clock_settime}
 * on CLOCK_REALTIME to step, {@code adjtimex} with ADJ_OFFSET_SINGLESHOT to slew (the kernel then
 * slews at 500 ppm). Both need CAP_SYS_TIME, checked from {@code /proc/self/status}. Layouts are those
 * of LP64 Linux (x86-64, aarch64). Needs {@code --enable-native-access=lws.ntp}. Thread-safe.
 */
final class LinuxClock {
    private static final int CLOCK_REALTIME = 0;
    private static final int ADJ_OFFSET_SINGLESHOT = 0x0001 | 0x8000;
    /** sizeof(struct timex) on LP64 Linux. */
    private static final long TIMEX_BYTES = 208;
    /** The kernel clamps a single-shot slew to ±0.5 s. */
    static final long MAX_SLEW_MICROS = 500_000;
    static final int CAP_SYS_TIME = 25;
    private static final int EPERM = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle CLOCK_GETTIME = downcall("clock_gettime");
    private static final MethodHandle CLOCK_SETTIME = downcall("clock_settime");
    private static final MethodHandle ADJTIMEX = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("adjtimex"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.captureCallState("errno"));

    private LinuxClock() {
    }

    private static MethodHandle downcall(String name) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                Linker.Option.captureCallState("errno"));
    }

    /**
     * Steps CLOCK_REALTIME by {@code offset}.
     *
     * @param offset the step
     * @throws ClockSetter.ClockException if a call fails
     */
    static void step(Duration offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment ts = arena.allocate(16, 8);
            check("clock_gettime", (int) CLOCK_GETTIME.invokeExact(errno, CLOCK_REALTIME, ts), errno);
            long nanos = ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8) + offset.toNanos();
            ts.set(ValueLayout.JAVA_LONG, 0, Math.floorDiv(nanos, 1_000_000_000L));
            ts.set(ValueLayout.JAVA_LONG, 8, Math.floorMod(nanos, 1_000_000_000L));
            check("clock_settime", (int) CLOCK_SETTIME.invokeExact(errno, CLOCK_REALTIME, ts), errno);
        } catch (ClockSetter.ClockException e) {
            throw e;
        } catch (Throwable t) {
            throw new ClockSetter.ClockException("clock_settime failed: " + t);
        }
    }

    /**
     * Starts slewing CLOCK_REALTIME by {@code micros} (replacing a slew in progress).
     *
     * @param micros the amount, within ±{@link #MAX_SLEW_MICROS}
     * @throws ClockSetter.ClockException if the call fails
     */
    static void slew(long micros) {
        if (Math.abs(micros) > MAX_SLEW_MICROS) {
            throw new IllegalArgumentException("slew of " + micros + " µs exceeds ±" + MAX_SLEW_MICROS);
        }
        timex(ADJ_OFFSET_SINGLESHOT, micros);
    }

    /**
     * Reads the kernel clock state without changing it ({@code adjtimex} with modes 0; no privilege).
     *
     * @return the clock state returned by adjtimex (TIME_OK = 0 … TIME_ERROR = 5)
     * @throws ClockSetter.ClockException if the call fails
     */
    static int state() {
        return timex(0, 0);
    }

    private static int timex(int modes, long offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment tx = arena.allocate(TIMEX_BYTES, 8);
            tx.set(ValueLayout.JAVA_INT, 0, modes);
            tx.set(ValueLayout.JAVA_LONG, 8, offset);
            int result = (int) ADJTIMEX.invokeExact(errno, tx);
            check("adjtimex", result, errno);
            return result;
        } catch (ClockSetter.ClockException e) {
            throw e;
        } catch (Throwable t) {
            throw new ClockSetter.ClockException("adjtimex failed: " + t);
        }
    }

    private static void check(String call, int result, MemorySegment errnoState) {
        if (result != -1) {
            return;
        }
        int errno = (int) ERRNO.get(errnoState, 0L);
        if (errno == EPERM) {
            throw new ClockSetter.ClockException(call + ": EPERM, not permitted: setting the clock needs CAP_SYS_TIME"
                    + " (run lwsd as root or grant it, e.g. AmbientCapabilities=CAP_SYS_TIME), or set ntp.set-clock=off");
        }
        throw new ClockSetter.ClockException(call + " failed: errno " + errno);
    }

    /** @return true if this process has CAP_SYS_TIME in its effective set */
    static boolean hasSysTime() {
        try {
            return hasCapability(Files.readAllLines(Path.of("/proc/self/status")), CAP_SYS_TIME);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param statusLines the lines of {@code /proc/<pid>/status}
     * @param capability a capability number
     * @return true if the {@code CapEff} line has the capability's bit
     */
    static boolean hasCapability(List<String> statusLines, int capability) {
        for (String line : statusLines) {
            if (line.startsWith("CapEff:")) {
                long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                return (mask >>> capability & 1) != 0;
            }
        }
        return false;
    }
}
