package lws.system;

import lws.app.api.Hold;
import lws.app.api.SystemState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static lws.app.api.SystemState.AUTH1;
import static lws.app.api.SystemState.CONTEXT_CREATED;
import static lws.app.api.SystemState.CONTEXT_DESTROYING;
import static lws.app.api.SystemState.CPD_POST_TIME;
import static lws.app.api.SystemState.DHCP;
import static lws.app.api.SystemState.IFACE_COLDPLUG;
import static lws.app.api.SystemState.INITIALIZED;
import static lws.app.api.SystemState.OPERATIONAL;
import static lws.app.api.SystemState.POLICY_INVALID;
import static lws.app.api.SystemState.POLICY_VALID;
import static lws.app.api.SystemState.TIME_VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateMachineTest {
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = EventLoop.builder().name("sm-test").clock(clock).build();
    private final InstantSource wall = InstantSource.fixed(Instant.parse("2026-11-22T10:00:00Z"));
    private StateMachine machine;

    /** Records what it is asked and told; says no to one state until told otherwise. */
    private static final class Recorder implements StateNotifier {
        final String name;
        final List<String> log;
        SystemState refuse;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean allow(SystemState current, SystemState next) {
            log.add(name + " asked " + next);
            return next != refuse;
        }

        @Override
        public void entered(StateTransition t) {
            log.add(name + " told " + t.to());
        }
    }

    @BeforeEach
    void bind() {
        loop.runOnce(Duration.ZERO);
        machine = new StateMachine(loop, wall);
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void advanceStepsThroughEveryIntermediateState() {
        machine.advanceTo(OPERATIONAL);
        assertEquals(OPERATIONAL, machine.current());
        List<SystemState> entered = machine.history().stream().map(StateTransition::to).toList();
        assertEquals(List.of(SystemState.values()).subList(1, OPERATIONAL.ordinal() + 1), entered);
    }

    @Test
    void everyNotifierIsAskedAndToldInRegistrationOrderEvenAfterAVeto() {
        List<String> log = new ArrayList<>();
        Recorder first = new Recorder("first", log);
        Recorder second = new Recorder("second", log);
        first.refuse = DHCP;
        machine.addNotifier(first);
        machine.addNotifier(second);
        machine.advanceTo(DHCP);
        assertEquals(IFACE_COLDPLUG, machine.current(), "first said no to DHCP");
        assertEquals("first", machine.heldBy());
        assertEquals(List.of(
                "first asked INITIALIZED", "second asked INITIALIZED", "first told INITIALIZED", "second told INITIALIZED",
                "first asked IFACE_COLDPLUG", "second asked IFACE_COLDPLUG", "first told IFACE_COLDPLUG", "second told IFACE_COLDPLUG",
                "first asked DHCP", "second asked DHCP"), log, "the second notifier is asked even after the first vetoed");
        log.clear();
        first.refuse = null;
        machine.resume();
        assertEquals(DHCP, machine.current());
        assertEquals(List.of("first asked DHCP", "second asked DHCP", "first told DHCP", "second told DHCP"), log);
    }

    @Test
    void aHoldKeepsTheMachineOutUntilReleasedThenItContinuesToTheTarget() {
        Hold hold = machine.hold(TIME_VALID, "ntp");
        machine.advanceTo(OPERATIONAL);
        assertEquals(SystemState.CPD_PRE_TIME, machine.current());
        assertEquals("ntp", machine.heldBy());
        assertEquals(List.of(hold), machine.holds());
        assertTrue(hold.release());
        assertFalse(hold.release(), "release is idempotent");
        assertEquals(SystemState.CPD_PRE_TIME, machine.current(), "continues on the loop, not in release()");
        loop.runOnce(Duration.ZERO);
        assertEquals(OPERATIONAL, machine.current());
        assertTrue(machine.holds().isEmpty());
    }

    @Test
    void twoHoldsOnOneStateNeedBothReleased() {
        Hold a = machine.hold(POLICY_VALID, "a");
        Hold b = machine.hold(POLICY_VALID, "b");
        machine.advanceTo(OPERATIONAL);
        a.release();
        loop.runOnce(Duration.ZERO);
        assertEquals(CPD_POST_TIME, machine.current());
        b.release();
        loop.runOnce(Duration.ZERO);
        assertEquals(OPERATIONAL, machine.current());
    }

    @Test
    void holdReleasedFromAnotherThreadContinuesOnTheLoop() throws Exception {
        Hold hold = machine.hold(AUTH1, "provisioning");
        machine.advanceTo(OPERATIONAL);
        Thread t = Thread.ofPlatform().start(hold::release);
        t.join();
        loop.runOnce(Duration.ZERO);
        assertEquals(OPERATIONAL, machine.current());
    }

    @Test
    void holdingAPassedStateIsRefused() {
        machine.advanceTo(TIME_VALID);
        assertThrows(IllegalStateException.class, () -> machine.hold(DHCP, "late"));
        assertThrows(IllegalArgumentException.class, () -> machine.hold(CONTEXT_DESTROYING, "x"));
        assertThrows(IllegalArgumentException.class, () -> machine.hold(CONTEXT_CREATED, "x"));
    }

    @Test
    void historyRecordsWallAndMonotonicTimes() {
        machine.advanceTo(INITIALIZED);
        clock.advance(Duration.ofMillis(250));
        machine.advanceTo(IFACE_COLDPLUG);
        List<StateTransition> history = machine.history();
        assertEquals(2, history.size());
        assertEquals(new StateTransition(CONTEXT_CREATED, INITIALIZED, wall.instant(), Duration.ZERO), history.get(0));
        assertEquals(Duration.ofMillis(250), history.get(1).sinceStart());
        assertEquals(INITIALIZED, history.get(1).from());
    }

    @Test
    void listenersAreToldAfterNotifiers() {
        List<String> log = new ArrayList<>();
        machine.addListener(t -> log.add("listener " + t.to()));
        machine.addNotifier(new Recorder("n", log));
        machine.advanceTo(INITIALIZED);
        assertEquals(List.of("n asked INITIALIZED", "n told INITIALIZED", "listener INITIALIZED"), log);
    }

    @Test
    void policyInvalidSendsTheMachineBackBeforePolicyValid() {
        machine.advanceTo(OPERATIONAL);
        machine.enter(POLICY_INVALID);
        assertEquals(POLICY_INVALID, machine.current());
        assertTrue(machine.hasReached(TIME_VALID));
        assertFalse(machine.hasReached(OPERATIONAL));
        Hold h = machine.hold(POLICY_VALID, "policy");
        machine.resume();
        assertEquals(POLICY_INVALID, machine.current());
        h.release();
        loop.runOnce(Duration.ZERO);
        assertEquals(OPERATIONAL, machine.current());
        List<StateTransition> history = machine.history();
        assertEquals(new StateTransition(POLICY_INVALID, POLICY_VALID, wall.instant(), Duration.ZERO),
                history.get(history.size() - 5));
    }

    @Test
    void contextDestroyingIsFinalAndReachesNothing() {
        machine.advanceTo(OPERATIONAL);
        machine.enter(CONTEXT_DESTROYING);
        assertFalse(machine.hasReached(OPERATIONAL));
        assertFalse(machine.hasReached(INITIALIZED));
        machine.advanceTo(OPERATIONAL);
        assertEquals(CONTEXT_DESTROYING, machine.current());
        assertThrows(IllegalStateException.class, () -> new StateMachine(loop, wall).enter(POLICY_INVALID),
                "POLICY_INVALID needs a valid policy first");
    }

    @Test
    void aThrowingNotifierCountsAsAHoldAndOthersAreStillTold() {
        List<String> log = new ArrayList<>();
        machine.addNotifier(new StateNotifier() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean allow(SystemState current, SystemState next) {
                if (next == DHCP) {
                    throw new IllegalStateException("broken");
                }
                return true;
            }

            @Override
            public void entered(StateTransition t) {
                throw new IllegalStateException("broken confirmation");
            }
        });
        machine.addNotifier(new Recorder("ok", log));
        machine.advanceTo(DHCP);
        assertEquals(IFACE_COLDPLUG, machine.current());
        assertTrue(log.contains("ok told IFACE_COLDPLUG"), "a throwing confirmation does not hide the step from others");
    }
}
