package lws.system;

import lws.app.api.AppContext;
import lws.app.api.Hold;
import lws.app.api.SystemApp;
import lws.app.api.SystemState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app host on a virtual-time system: start states, holds, failures, stop order. */
@Timeout(10)
class AppHostTest {
    private final EventLoop loop = EventLoop.builder().name("apphost-test").clock(new ManualClock()).build();
    private SystemContext system;
    private AppHost host;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        system = SystemContext.builder().loop(loop).helpers(List.of()).build();
        host = new AppHost(system);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private void passes() {
        for (int i = 0; i < 5; i++) {
            loop.runOnce(Duration.ZERO);
        }
    }

    /** An app that records its life and can run a body in start. */
    private final class Recording implements SystemApp {
        final String name;
        final SystemState startState;
        final java.util.function.Consumer<AppContext> body;

        Recording(String name, SystemState startState, java.util.function.Consumer<AppContext> body) {
            this.name = name;
            this.startState = startState;
            this.body = body;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SystemState startState() {
            return startState;
        }

        @Override
        public void start(AppContext context) {
            events.add("start " + name + " at " + context.state());
            body.accept(context);
        }

        @Override
        public void stop() {
            events.add("stop " + name);
        }
    }

    private AppInfo info(String name) {
        return host.apps().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void appsStartAtTheirStateAndStopInReverseStartOrder() {
        host.add(new Recording("late", SystemState.OPERATIONAL, c -> { }), "m", "boot layer");
        host.add(new Recording("early", SystemState.TIME_VALID, c -> { }), "m", "boot layer");
        assertEquals(AppInfo.Status.WAITING, info("late").status());
        system.start();
        passes();
        assertEquals(List.of("start early at TIME_VALID", "start late at OPERATIONAL"), events);
        assertEquals(AppInfo.Status.RUNNING, info("late").status());
        system.close();
        assertEquals(List.of("start early at TIME_VALID", "start late at OPERATIONAL", "stop late", "stop early"), events);
        assertEquals(AppInfo.Status.STOPPED, info("early").status());
    }

    @Test
    void aProvisioningAppHoldsOperationalUntilItReleases() {
        AtomicReference<Hold> hold = new AtomicReference<>();
        host.add(new Recording("prov", SystemState.TIME_VALID,
                c -> hold.set(c.hold(SystemState.REGISTERED, "waiting for the cloud"))), "m", "boot layer");
        host.add(new Recording("user", SystemState.OPERATIONAL, c -> { }), "m", "boot layer");
        system.start();
        passes();
        assertEquals(SystemState.POLICY_VALID, system.state());
        assertEquals("prov: waiting for the cloud", system.states().heldBy());
        assertEquals(AppInfo.Status.WAITING, info("user").status());
        hold.get().release();
        passes();
        assertEquals(SystemState.OPERATIONAL, system.state());
        assertEquals(AppInfo.Status.RUNNING, info("user").status());
    }

    @Test
    void appsMayHoldOnlyTheProvisioningStates() {
        AtomicReference<Exception> refused = new AtomicReference<>();
        host.add(new Recording("greedy", SystemState.INITIALIZED, c -> {
            try {
                c.hold(SystemState.TIME_VALID, "mine");
            } catch (IllegalArgumentException e) {
                refused.set(e);
            }
        }), "m", "boot layer");
        system.start();
        passes();
        assertTrue(refused.get().getMessage().contains("not TIME_VALID"), refused.get().getMessage());
        assertEquals(SystemState.OPERATIONAL, system.state());
    }

    @Test
    void aFailingStartIsRecordedAndOthersGoOn() {
        host.add(new Recording("bad", SystemState.OPERATIONAL, c -> {
            throw new IllegalStateException("cannot bind");
        }), "m", "boot layer");
        host.add(new Recording("good", SystemState.OPERATIONAL, c -> { }), "m", "boot layer");
        system.start();
        passes();
        assertEquals(AppInfo.Status.FAILED, info("bad").status());
        assertEquals("IllegalStateException: cannot bind", info("bad").reason());
        assertEquals(AppInfo.Status.RUNNING, info("good").status());
        system.close();
        assertEquals(List.of("start bad at OPERATIONAL", "start good at OPERATIONAL", "stop good"), events,
                "a failed app is not stopped");
    }

    @Test
    void appsWaitingWhenTheSystemIsDestroyedAreStoppedWithoutStarting() {
        host.add(new Recording("never", SystemState.AUTH2, c -> { }), "m", "boot layer");
        system.hold(SystemState.AUTH1, "test");
        system.start();
        passes();
        system.close();
        assertEquals(List.of(), events);
        assertEquals(AppInfo.Status.STOPPED, info("never").status());
        assertTrue(info("never").reason().contains("before AUTH2"));
    }

    @Test
    void theAppContextLabelsTasksWithTheAppAndRunsThemOnTheLoop() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        host.add(new Recording("tasks", SystemState.OPERATIONAL, c -> c.executor().execute(() -> {
            ran.set(Thread.currentThread());
            throw new IllegalStateException("task failure is logged, not fatal");
        })), "m", "boot layer");
        system.start();
        passes();
        assertEquals(Thread.currentThread(), ran.get());
        assertEquals(1, loop.counters().taskFailures());
        assertThrows(IllegalArgumentException.class, () -> new HostedAppContext("x", system).hold(SystemState.DHCP, "no"));
        assertEquals(java.util.Optional.empty(), new HostedAppContext("x", system).config("x.port"));
    }
}
