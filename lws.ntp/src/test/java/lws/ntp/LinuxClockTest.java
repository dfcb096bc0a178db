package lws.ntp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinuxClockTest {
    @Test
    void readsCapSysTimeFromTheEffectiveSet() {
        List<String> root = List.of("Name:\tjava", "CapInh:\t0000000000000000", "CapEff:\t000001ffffffffff");
        List<String> user = List.of("CapEff:\t0000000000000000");
        List<String> onlySysTime = List.of("CapEff:\t0000000002000000");
        assertTrue(LinuxClock.hasCapability(root, LinuxClock.CAP_SYS_TIME));
        assertFalse(LinuxClock.hasCapability(user, LinuxClock.CAP_SYS_TIME));
        assertTrue(LinuxClock.hasCapability(onlySysTime, LinuxClock.CAP_SYS_TIME));
        assertFalse(LinuxClock.hasCapability(List.of("Name:\tjava"), LinuxClock.CAP_SYS_TIME));
    }

    @Test
    void readsTheKernelClockStateThroughAdjtimex() {
        int state = LinuxClock.state(); // modes 0: reads only, needs no privilege
        assertTrue(state >= 0 && state <= 5, "adjtimex state " + state);
    }

    @Test
    void refusesSlewsBeyondWhatTheKernelTakes() {
        assertThrows(IllegalArgumentException.class, () -> LinuxClock.slew(600_000));
    }

    @Test
    void osSetterFailsClearlyWithoutCapSysTime() {
        if (LinuxClock.hasSysTime()) {
            return; // root here: the refusal is covered by the capability parser above
        }
        ClockSetter.ClockException e = assertThrows(ClockSetter.ClockException.class,
                () -> new OsClockSetter(NtpSettings.ClockMode.STEP));
        assertTrue(e.getMessage().contains("CAP_SYS_TIME"), e.getMessage());
    }
}
