package lws.system;

import lws.app.api.Hold;
import lws.app.api.SystemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The system state machine, after libwebsockets' {@code lws_state}, with its two surprises removed.
 *
 * <p>The machine moves along the main sequence of {@link SystemState} one step at a time toward a
 * <em>target</em> set by {@link #advanceTo}. Before each step it asks every {@link StateNotifier}
 * (proposal) and checks the {@link Hold}s on the next state: if any notifier says no or any hold is
 * active, the machine stays where it is. A released hold continues the advance by itself; a notifier
 * that said no continues it with {@link #resume()}. After each step every notifier is told
 * (confirmation) in registration order, and then every listener. lws asks the last-registered notifier
 * first and stops asking at the first veto; we ask all, in order, always.
 *
 * <p>The side states are entered with {@link #enter}: {@link SystemState#POLICY_INVALID} sends the
 * machine back to just before {@link SystemState#POLICY_VALID} (which it must pass again), and
 * {@link SystemState#CONTEXT_DESTROYING} is final.
 *
 * <p>Threading: loop thread, except {@link #current()}, {@link #history()}, {@link #holds()} and
 * {@link #hold}, which any thread may call.
 */
public final class StateMachine {
    private static final Logger log = LoggerFactory.getLogger(StateMachine.class);

    private final EventLoop loop;
    private final InstantSource wallClock;
    private final long createdNanos;
    private final List<StateNotifier> notifiers = new ArrayList<>();
    private final List<Consumer<StateTransition>> listeners = new ArrayList<>();
    private final CopyOnWriteArrayList<StateTransition> history = new CopyOnWriteArrayList<>();
    /** Active holds; guarded by itself so that a hold from another thread and a step cannot cross. */
    private final List<StateHold> holds = new ArrayList<>();
    private volatile SystemState current = SystemState.CONTEXT_CREATED;
    /** The last main-sequence state the machine is considered to have reached (see {@link #hasReached}). */
    private volatile SystemState reached = SystemState.CONTEXT_CREATED;
    private SystemState target = SystemState.CONTEXT_CREATED;
    private String heldBy = "";
    private boolean stepping;

    /**
     * @param loop the loop that owns the machine
     * @param wallClock the wall clock for history timestamps
     */
    public StateMachine(EventLoop loop, InstantSource wallClock) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.createdNanos = loop.clock().nanos();
    }

    /** @return the current state; any thread */
    public SystemState current() {
        return current;
    }

    /** @return the state the machine is advancing to; loop thread */
    public SystemState target() {
        return target;
    }

    /**
     * Whether the machine has reached or passed {@code state} on the main sequence. In
     * {@link SystemState#POLICY_INVALID} the states before {@code POLICY_VALID} count as passed; in
     * {@link SystemState#CONTEXT_DESTROYING} nothing does. Any thread.
     *
     * @param state a main-sequence state
     * @return true if reached or passed
     */
    public boolean hasReached(SystemState state) {
        return current != SystemState.CONTEXT_DESTROYING && reached.hasReached(state);
    }

    /** @return who holds the machine now ("" when it is not held); loop thread */
    public String heldBy() {
        return heldBy;
    }

    /** @return the steps taken so far, oldest first; any thread */
    public List<StateTransition> history() {
        return List.copyOf(history);
    }

    /** @return the holds now active; any thread */
    public List<Hold> holds() {
        synchronized (holds) {
            return List.copyOf(holds);
        }
    }

    /**
     * Adds a notifier, asked and told at every later step. Loop thread (or before the loop runs).
     *
     * @param notifier the notifier
     */
    public void addNotifier(StateNotifier notifier) {
        assert loop.inLoopOrUnbound();
        notifiers.add(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * Adds a listener told of every step after the notifiers. Loop thread (or before the loop runs).
     *
     * @param listener the listener
     */
    public void addListener(Consumer<StateTransition> listener) {
        assert loop.inLoopOrUnbound();
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Holds the machine out of {@code state} until the hold is released. Any thread.
     *
     * @param state a main-sequence state after {@link SystemState#CONTEXT_CREATED}
     * @param owner who holds it, for status and logs
     * @return the hold
     * @throws IllegalArgumentException for a side state or {@code CONTEXT_CREATED}
     * @throws IllegalStateException if the machine has already reached {@code state}
     */
    public Hold hold(SystemState state, String owner) {
        Objects.requireNonNull(owner, "owner");
        if (!state.isMainSequence() || state == SystemState.CONTEXT_CREATED) {
            throw new IllegalArgumentException("cannot hold " + state + ": not a step of the main sequence");
        }
        StateHold hold = new StateHold(state, owner);
        synchronized (holds) {
            if (hasReached(state)) {
                throw new IllegalStateException(owner + ": cannot hold " + state + ", the system is already " + current);
            }
            holds.add(hold);
        }
        return hold;
    }

    private boolean isHeld(SystemState state) {
        for (StateHold hold : holds) {
            if (hold.state == state) {
                heldBy = hold.owner;
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the target and steps toward it as far as notifiers and holds allow. A target behind the
     * current state is ignored. Loop thread.
     *
     * @param newTarget a main-sequence state
     */
    public void advanceTo(SystemState newTarget) {
        assert loop.inLoop();
        if (!newTarget.isMainSequence()) {
            throw new IllegalArgumentException(newTarget + " is a side state: use enter()");
        }
        if (current == SystemState.CONTEXT_DESTROYING) {
            return;
        }
        if (newTarget.ordinal() > target.ordinal() || !target.isMainSequence()) {
            target = newTarget;
        }
        resume();
    }

    /** Asks again to take the next steps toward the target (after a notifier said no). Loop thread. */
    public void resume() {
        assert loop.inLoop();
        if (stepping) {
            return; // called from a notifier or listener: the running loop below continues
        }
        stepping = true;
        try {
            while (current != SystemState.CONTEXT_DESTROYING && reached.ordinal() < target.ordinal()) {
                SystemState from = current;
                SystemState next = reached.next();
                if (!askNotifiers(from, next)) {
                    return;
                }
                synchronized (holds) {
                    if (isHeld(next)) {
                        log.debug("{} held by {}", next, heldBy);
                        return;
                    }
                    heldBy = "";
                    reached = next;
                    current = next;
                }
                record(from, next);
            }
        } finally {
            stepping = false;
        }
    }

    private boolean askNotifiers(SystemState from, SystemState next) {
        boolean allowed = true;
        for (StateNotifier notifier : notifiers) {
            try {
                if (!notifier.allow(from, next)) {
                    if (allowed) {
                        heldBy = notifier.name();
                    }
                    allowed = false;
                }
            } catch (RuntimeException e) {
                log.warn("state notifier {} failed on proposal {} -> {}; counted as a hold", notifier.name(), from, next, e);
                heldBy = notifier.name();
                allowed = false;
            }
        }
        return allowed;
    }

    /**
     * Enters a side state directly: {@link SystemState#POLICY_INVALID} (from {@code POLICY_VALID} or
     * later) or {@link SystemState#CONTEXT_DESTROYING} (from anywhere; final). Notifiers are told;
     * they are not asked. Loop thread.
     *
     * @param side the side state
     */
    public void enter(SystemState side) {
        assert loop.inLoop();
        if (side.isMainSequence()) {
            throw new IllegalArgumentException(side + " is on the main sequence: use advanceTo()");
        }
        SystemState from = current;
        if (from == SystemState.CONTEXT_DESTROYING || from == side) {
            return;
        }
        synchronized (holds) {
            if (side == SystemState.POLICY_INVALID) {
                if (!reached.hasReached(SystemState.POLICY_VALID)) {
                    throw new IllegalStateException("POLICY_INVALID needs a valid policy first; the system is " + from);
                }
                reached = SystemState.CPD_POST_TIME;
            }
            current = side;
        }
        record(from, side);
    }

    private void record(SystemState from, SystemState to) {
        StateTransition transition = new StateTransition(from, to, wallClock.instant(),
                Duration.ofNanos(loop.clock().nanos() - createdNanos));
        history.add(transition);
        for (StateNotifier notifier : notifiers) {
            try {
                notifier.entered(transition);
            } catch (RuntimeException e) {
                log.warn("state notifier {} failed on confirmation of {}", notifier.name(), transition, e);
            }
        }
        for (Consumer<StateTransition> listener : listeners) {
            try {
                listener.accept(transition);
            } catch (RuntimeException e) {
                log.warn("state listener failed on {}", transition, e);
            }
        }
    }

    /** A hold on one state; released from any thread, continued on the loop. */
    private final class StateHold implements Hold {
        private final SystemState state;
        private final String owner;

        StateHold(SystemState state, String owner) {
            this.state = state;
            this.owner = owner;
        }

        @Override
        public SystemState state() {
            return state;
        }

        @Override
        public String owner() {
            return owner;
        }

        @Override
        public boolean release() {
            synchronized (holds) {
                if (!holds.remove(this)) {
                    return false;
                }
            }
            try {
                loop.execute(Owned.task(owner, StateMachine.this::resume));
            } catch (RejectedExecutionException closed) {
                log.debug("hold on {} by {} released after the loop closed", state, owner);
            }
            return true;
        }

        @Override
        public String toString() {
            return state + " held by " + owner;
        }
    }
}
