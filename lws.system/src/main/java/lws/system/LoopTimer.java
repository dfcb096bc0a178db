package lws.system;

import lws.app.api.Cancellable;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A timer of an {@link EventLoop}: a task with a deadline on the loop's monotonic clock. Timers with
 * the same deadline run in the order they were scheduled. {@link #cancel()} is thread-safe; a timer
 * cancelled on the loop thread leaves the heap at once, one cancelled elsewhere when the loop next
 * runs a task.
 */
final class LoopTimer implements Cancellable, Owned {
    final long deadlineNanos;
    /** Scheduling order among equal deadlines, assigned when the loop adds the timer; loop thread. */
    long sequence;
    final Runnable task;
    private final EventLoop loop;
    private final AtomicBoolean done = new AtomicBoolean();
    /** Position in the loop's heap, or -1 when not in it; loop thread only. */
    int heapIndex = -1;

    LoopTimer(EventLoop loop, long deadlineNanos, Runnable task) {
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
        this.task = task;
    }

    /** @return true if the timer may still run; marks it as run. Loop thread. */
    boolean claim() {
        return done.compareAndSet(false, true);
    }

    boolean isDone() {
        return done.get();
    }

    @Override
    public boolean cancel() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        loop.timerCancelled(this);
        return true;
    }

    boolean runsBefore(LoopTimer other) {
        long d = deadlineNanos - other.deadlineNanos;
        return d < 0 || (d == 0 && sequence < other.sequence);
    }

    @Override
    public String owner() {
        return Owned.of(task);
    }

    @Override
    public String toString() {
        return "timer of " + owner() + " at " + deadlineNanos + "ns";
    }
}
