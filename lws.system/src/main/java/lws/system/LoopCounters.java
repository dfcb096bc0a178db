package lws.system;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link EventLoop}, for metrics. Written on the loop thread, readable from any thread.
 */
public final class LoopCounters {
    final LongAdder tasksRun = new LongAdder();
    final LongAdder taskFailures = new LongAdder();
    final LongAdder stalls = new LongAdder();

    LoopCounters() {
    }

    /** @return tasks run since the loop started */
    public long tasksRun() {
        return tasksRun.sum();
    }

    /** @return tasks, timers and handlers that threw an exception */
    public long taskFailures() {
        return taskFailures.sum();
    }

    /** @return callbacks reported by the stall detector */
    public long stalls() {
        return stalls.sum();
    }
}
