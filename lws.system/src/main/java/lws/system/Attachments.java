package lws.system;

import lws.app.api.Cancellable;
import lws.app.api.SystemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Callbacks attached to system states, run on the loop once their state is reached.
 *
 * <p>{@link #attach} may be called from any thread: it only queues a task for the loop, which then
 * either runs the callback on a later pass (state already reached) or parks it in its state's FIFO
 * until the machine gets there. The caller's thread never runs a callback. When the machine reaches a
 * state, every parked callback for it and for earlier states runs, earlier states first, FIFO within a
 * state. On {@link SystemState#CONTEXT_DESTROYING} the parked callbacks are dropped and reported.
 *
 * <p>Threading: {@link #attach} any thread; everything else on the loop thread.
 */
final class Attachments {
    private static final Logger log = LoggerFactory.getLogger(Attachments.class);

    private final EventLoop loop;
    private final StateMachine machine;
    private final Map<SystemState, ArrayDeque<Attached>> waiting = new EnumMap<>(SystemState.class);
    private boolean destroyed;

    Attachments(EventLoop loop, StateMachine machine) {
        this.loop = loop;
        this.machine = machine;
        machine.addListener(transition -> reached(transition.to()));
    }

    /**
     * Runs {@code callback} on the loop once {@code state} is reached. Any thread.
     *
     * @param owner who attached it, for logs
     * @param state a main-sequence state
     * @param callback what to run
     * @return a handle that cancels it
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    Cancellable attach(String owner, SystemState state, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        if (!state.isMainSequence()) {
            throw new IllegalArgumentException("cannot attach to side state " + state);
        }
        Attached attached = new Attached(owner, state, callback);
        loop.execute(Owned.task(owner, () -> park(attached)));
        return attached;
    }

    private void park(Attached attached) {
        if (destroyed) {
            log.info("attach of {} at {} dropped: the system is being destroyed", attached.owner, attached.state);
            attached.cancel();
        } else if (machine.hasReached(attached.state)) {
            loop.execute(attached);
        } else {
            waiting.computeIfAbsent(attached.state, s -> new ArrayDeque<>()).add(attached);
        }
    }

    private void reached(SystemState state) {
        if (state == SystemState.CONTEXT_DESTROYING) {
            dropAll();
            return;
        }
        if (!state.isMainSequence()) {
            return;
        }
        for (SystemState s : SystemState.values()) {
            if (s.ordinal() > state.ordinal()) {
                break;
            }
            ArrayDeque<Attached> queue = waiting.remove(s);
            if (queue != null) {
                for (Attached attached : queue) {
                    try {
                        attached.run();
                    } catch (RuntimeException e) {
                        log.warn("callback of {} attached at {} failed", attached.owner, s, e);
                    }
                }
            }
        }
    }

    /** @return the callbacks still waiting, as "owner@STATE"; loop thread */
    List<String> pending() {
        List<String> out = new ArrayList<>();
        waiting.forEach((state, queue) -> queue.forEach(a -> {
            if (!a.isDone()) {
                out.add(a.owner + "@" + state);
            }
        }));
        return out;
    }

    private void dropAll() {
        destroyed = true;
        List<String> dropped = pending();
        waiting.values().forEach(queue -> queue.forEach(Attached::cancel));
        waiting.clear();
        if (!dropped.isEmpty()) {
            log.info("system destroyed with {} pending attach(es) not run: {}", dropped.size(), dropped);
        }
    }

    /** One attached callback: runs at most once, unless cancelled first. */
    private static final class Attached implements Runnable, Cancellable, Owned {
        private final String owner;
        private final SystemState state;
        private final Runnable callback;
        private final AtomicBoolean done = new AtomicBoolean();

        Attached(String owner, SystemState state, Runnable callback) {
            this.owner = owner;
            this.state = state;
            this.callback = callback;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                callback.run();
            }
        }

        @Override
        public boolean cancel() {
            return done.compareAndSet(false, true);
        }

        boolean isDone() {
            return done.get();
        }

        @Override
        public String owner() {
            return owner;
        }
    }
}
