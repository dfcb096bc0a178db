package lws.system;

import lws.app.api.Cancellable;
import lws.app.api.Hold;
import lws.app.api.SystemState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static lws.app.api.SystemState.CONTEXT_DESTROYING;
import static lws.app.api.SystemState.DHCP;
import static lws.app.api.SystemState.INITIALIZED;
import static lws.app.api.SystemState.OPERATIONAL;
import static lws.app.api.SystemState.TIME_VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AttachTest {
    private final EventLoop loop = EventLoop.builder().name("attach-test").clock(new ManualClock()).build();
    private StateMachine machine;
    private Attachments attachments;
    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void bind() {
        loop.runOnce(Duration.ZERO);
        machine = new StateMachine(loop, InstantSource.system());
        attachments = new Attachments(loop, machine);
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private void pass() {
        loop.runOnce(Duration.ZERO);
    }

    @Test
    void callbacksRunWhenTheirStateIsReachedEarlierStatesFirstFifoWithinAState() {
        attachments.attach("a", OPERATIONAL, () -> ran.add("op1"));
        attachments.attach("b", TIME_VALID, () -> ran.add("time1"));
        attachments.attach("c", OPERATIONAL, () -> ran.add("op2"));
        attachments.attach("d", TIME_VALID, () -> ran.add("time2"));
        pass();
        assertEquals(List.of(), ran, "nothing reached yet");
        Hold hold = machine.hold(SystemState.POLICY_VALID, "test");
        machine.advanceTo(OPERATIONAL);
        assertEquals(List.of("time1", "time2"), ran);
        hold.release();
        pass();
        assertEquals(List.of("time1", "time2", "op1", "op2"), ran);
    }

    @Test
    void jumpingPastSeveralStatesRunsEveryWaiterInStateOrder() {
        attachments.attach("x", OPERATIONAL, () -> ran.add("op"));
        attachments.attach("x", DHCP, () -> ran.add("dhcp"));
        attachments.attach("x", INITIALIZED, () -> ran.add("init"));
        pass();
        machine.advanceTo(OPERATIONAL);
        assertEquals(List.of("init", "dhcp", "op"), ran);
    }

    @Test
    void attachToAPassedStateRunsOnALaterPassNeverInline() {
        machine.advanceTo(TIME_VALID);
        attachments.attach("late", DHCP, () -> ran.add("late"));
        assertEquals(List.of(), ran, "not on the caller's thread, not inline");
        pass();
        pass();
        assertEquals(List.of("late"), ran);
    }

    @Test
    void attachFromAnotherThreadRunsOnTheLoopThread() throws Exception {
        machine.advanceTo(OPERATIONAL);
        List<Thread> threads = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> attachments.attach("other", OPERATIONAL, () -> threads.add(Thread.currentThread())));
        t.join();
        pass();
        pass();
        assertEquals(List.of(Thread.currentThread()), threads);
    }

    @Test
    void cancelledCallbackNeverRuns() {
        Cancellable c = attachments.attach("x", OPERATIONAL, () -> ran.add("cancelled"));
        attachments.attach("y", OPERATIONAL, () -> ran.add("kept"));
        pass();
        assertTrue(c.cancel());
        machine.advanceTo(OPERATIONAL);
        assertEquals(List.of("kept"), ran);
        assertFalse(c.cancel());
    }

    @Test
    void pendingCallbacksAreDroppedAndReportedOnDestroy() {
        attachments.attach("app1", OPERATIONAL, () -> ran.add("never"));
        attachments.attach("app2", TIME_VALID, () -> ran.add("never"));
        pass();
        assertEquals(List.of("app2@TIME_VALID", "app1@OPERATIONAL"), attachments.pending());
        machine.enter(CONTEXT_DESTROYING);
        assertEquals(List.of(), attachments.pending());
        attachments.attach("app3", INITIALIZED, () -> ran.add("never"));
        pass();
        pass();
        assertEquals(List.of(), ran, "OPERATIONAL waiters do not fire on CONTEXT_DESTROYING");
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthers() {
        attachments.attach("bad", OPERATIONAL, () -> {
            throw new IllegalStateException("boom");
        });
        attachments.attach("good", OPERATIONAL, () -> ran.add("good"));
        pass();
        machine.advanceTo(OPERATIONAL);
        assertEquals(List.of("good"), ran);
    }

    @Test
    void sideStatesCannotBeAttachedTo() {
        assertThrows(IllegalArgumentException.class, () -> attachments.attach("x", CONTEXT_DESTROYING, () -> { }));
    }
}
