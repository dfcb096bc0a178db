package lws.system;

import lws.app.api.Cancellable;
import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded event loop: a selector for socket services, timers on an injected monotonic clock,
 * and a queue of tasks that any thread may submit (tevent's loop with Zephyr's socket services).
 *
 * <p><b>Threads.</b> The loop is bound to the first thread that calls {@link #run()} or
 * {@link #runOnce(Duration)} (or to the thread {@link #start()} creates) and is touched only by it.
 * Other threads enter through {@link #execute}, {@link #schedule} and {@link #submit}: a lock-free
 * multi-producer queue that allocates no node per task, and a coalesced wake-up: a producer wakes the
 * loop only when it is about to sleep or sleeps, and only the first producer after each sleep pays for
 * it (one atomic swap, after Netty 4.1's {@code nextWakeupNanos}).
 *
 * <p><b>Sleeping.</b> A loop with registered channels sleeps in {@link Selector#select} and is woken
 * with {@link Selector#wakeup()} (an eventfd write, an epoll return and an eventfd read). A loop whose
 * selector has no key at all (only tasks and timers: a worker or hand-off loop) has nothing to select,
 * so it parks its thread instead and is woken with {@link LockSupport#unpark}: one futex call, which
 * makes a task round trip to an idle loop about twice as fast (see {@code bench/loop.sh}). Either way
 * the loop first yields its CPU once ({@link Thread#yield()}): a thread runnable on the same CPU (a
 * producer, or the thread it just replied to) then posts while the loop is still awake and needs no
 * wake-up, which matters on small machines where loops and their clients share a core.
 *
 * <p><b>One pass</b> ({@link #runOnce}): compute the earliest timer deadline; select until then (or not
 * at all when tasks wait); dispatch ready channels; run due timers; run queued tasks until the queue is
 * empty or the pass's task budget ({@value #TASK_BUDGET_NANOS} ns) is spent.
 *
 * <p><b>Failures.</b> A task, timer or handler that throws an exception is logged with its owner and
 * the loop goes on; an {@link Error} propagates out of {@code run}. A callback that holds the loop past
 * the stall threshold is reported by a watchdog with its owner and stack.
 *
 * <p><b>Closing.</b> {@link #close()} (any thread) makes the loop, at the end of its current pass, refuse
 * new tasks with {@link RejectedExecutionException}, run every task accepted before, cancel its timers,
 * close every socket registration ({@code onClosed} with {@link CloseReason.Kind#LOOP_SHUTDOWN}) and
 * release the selector. Nothing submitted is ever dropped silently.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** Longest time one pass spends running queued tasks before it looks at I/O and timers again. */
    static final long TASK_BUDGET_NANOS = 10_000_000L;
    /** Polls of a claimed but unpublished slot before the loop yields its CPU to the producer. */
    private static final int PUBLISH_SPINS = 16;
    private static final long AWAKE = -1L;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String name;
    private final MonotonicClock clock;
    private final Selector selector;
    private final TaskQueue<Runnable> tasks = new TaskQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final StallDetector stallDetector;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** AWAKE while the loop runs callbacks; otherwise the deadline (clock nanos) it sleeps until. */
    private final AtomicLong nextWakeupNanos = new AtomicLong(AWAKE);
    private final LoopCounters counters = new LoopCounters();

    private volatile Thread thread;
    private volatile boolean closeRequested;
    /**
     * How the loop sleeps: true while it parks its thread (no selection key), false while it selects.
     * Written by the loop before it publishes its deadline in {@link #nextWakeupNanos}; read by the
     * producer that swapped that deadline for AWAKE, so it sees the value of the sleep it ends.
     */
    private volatile boolean parks;
    private long timerSequence;
    private boolean shutDown;
    private int registrations;

    private EventLoop(Builder builder) {
        this.name = builder.name;
        this.clock = builder.clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot open a selector", e);
        }
        this.stallDetector = new StallDetector(this, builder.stallThreshold);
    }

    /** @return a builder for a loop named "lws-loop" on the system clock with a 100 ms stall threshold */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a loop and runs it on a new platform thread named {@code name}.
     *
     * @param name the loop and thread name
     * @return the running loop
     */
    public static EventLoop start(String name) {
        EventLoop loop = builder().name(name).build();
        loop.start();
        return loop;
    }

    /**
     * Starts a platform thread that runs this loop until it is closed.
     *
     * @return the thread
     * @throws IllegalStateException if the loop already has a thread
     */
    public Thread start() {
        Thread t = Thread.ofPlatform().name(name).unstarted(this::run);
        bind(t);
        t.start();
        return t;
    }

    /** @return the loop's name (its thread's name when started with {@link #start()}) */
    public String name() {
        return name;
    }

    /** @return the loop's monotonic clock */
    public MonotonicClock clock() {
        return clock;
    }

    /** @return the thread the loop is bound to, or null before it first runs */
    Thread thread() {
        return thread;
    }

    /** @return true on the loop's thread, or anywhere while the loop has no thread yet (for wiring) */
    boolean inLoopOrUnbound() {
        Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /** @return true when called on the loop's thread */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** @return true once {@link #close()} has been called */
    public boolean isClosing() {
        return closeRequested;
    }

    /** @return true once the loop has shut down: every task ran, every registration closed */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * Queues {@code task} to run on the loop. Any thread; tasks from one thread run in submission order.
     *
     * @param task the task; implement {@link Owned} to name its owner in logs
     * @throws RejectedExecutionException if the loop is closed
     */
    @Override
    public void execute(Runnable task) {
        if (!tasks.offer(Objects.requireNonNull(task, "task"))) {
            throw new RejectedExecutionException(name + ": loop is closed");
        }
        if (nextWakeupNanos.get() != AWAKE && nextWakeupNanos.getAndSet(AWAKE) != AWAKE) {
            wakeUp();
        }
    }

    /** Ends the current or next sleep of the loop, whichever way it sleeps. Any thread. */
    private void wakeUp() {
        if (parks) {
            LockSupport.unpark(thread);
        } else {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code work} on this loop and completes the returned future there. To continue on another
     * loop (a request/reply between loops, no locks), chain with
     * {@code whenCompleteAsync(reply, otherLoop)}. Any thread.
     *
     * @param <T> the result type
     * @param work the work to do on this loop
     * @return a future completed on this loop with the result or the exception {@code work} threw
     * @throws RejectedExecutionException if the loop is closed
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        execute(Owned.task(Owned.of(work), () -> {
            try {
                future.complete(work.call());
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }));
        return future;
    }

    /**
     * Runs {@code task} on the loop after {@code delay} on the loop's monotonic clock. Any thread.
     *
     * @param delay how long to wait; zero or negative means the next pass
     * @param task the task; implement {@link Owned} to name its owner in logs
     * @return a handle that cancels the timer (from any thread)
     * @throws RejectedExecutionException if the loop is closed
     */
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        LoopTimer timer = new LoopTimer(this, clock.nanos() + Math.max(0, saturatedNanos(delay)), task);
        if (inLoop()) {
            addTimer(timer);
        } else {
            execute(Owned.task(timer.owner(), () -> addTimer(timer)));
        }
        return timer;
    }

    private void addTimer(LoopTimer timer) {
        if (shutDown) {
            throw new RejectedExecutionException(name + ": loop is closed");
        }
        if (!timer.isDone()) {
            timer.sequence = timerSequence++; // assigned on the loop: FIFO among equal deadlines
            timers.add(timer);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 4;
        }
    }

    void timerCancelled(LoopTimer timer) {
        if (inLoop()) {
            timers.remove(timer);
            return;
        }
        try {
            execute(Owned.task(timer.owner(), () -> timers.remove(timer)));
        } catch (RejectedExecutionException closed) {
            // The loop drops all timers when it shuts down; this one is already marked done.
        }
    }

    /**
     * Registers a channel as a socket service. Loop thread only.
     *
     * @param <S> the per-registration state type
     * @param channel a datagram channel, server socket channel or socket channel (connected or
     *        connecting); it is made non-blocking
     * @param owner who owns it, for logs and stall reports
     * @param state the per-registration state, never replaced
     * @param handler the callbacks
     * @return the registration
     * @throws IOException if the channel cannot be registered
     * @throws IllegalStateException off the loop thread or after close
     */
    public <S> SocketRegistration<S> register(SelectableChannel channel, String owner, S state,
            SocketHandler<S> handler) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(handler, "handler");
        if (!inLoop()) {
            throw new IllegalStateException(name + ": register() must be called on the loop thread");
        }
        if (shutDown) {
            throw new IllegalStateException(name + ": loop is closed");
        }
        LoopRegistration<S> registration = new LoopRegistration<>(this, channel, owner, state, handler);
        registration.register(selector);
        registrations++;
        return registration;
    }

    void unregistered(LoopRegistration<?> registration) {
        registrations--;
    }

    /** @return the number of open socket registrations; loop thread */
    public int registrationCount() {
        return registrations;
    }

    /** @return counters of this loop (tasks run and failed, stalls); any thread */
    public LoopCounters counters() {
        return counters;
    }

    /**
     * Runs the loop on the calling thread until it is closed and shut down (tevent_loop_wait).
     *
     * @throws IllegalStateException if another thread owns the loop
     */
    public void run() {
        bindCurrent();
        while (!shutDown) {
            pass(NO_DEADLINE);
        }
    }

    /**
     * Runs one pass on the calling thread (tevent_loop_once): waits at most {@code timeout} for I/O,
     * a due timer or a task, then handles what is ready. With a virtual clock, {@code Duration.ZERO}
     * runs the timers that the clock has made due.
     *
     * @param timeout the longest time to wait; zero does not wait
     * @return false once the loop has shut down
     * @throws IllegalStateException if another thread owns the loop
     */
    public boolean runOnce(Duration timeout) {
        bindCurrent();
        if (!shutDown) {
            pass(clock.nanos() + Math.max(0, saturatedNanos(timeout)));
        }
        return !shutDown;
    }

    private void bindCurrent() {
        Thread current = Thread.currentThread();
        if (thread != current) {
            bind(current);
        }
    }

    private synchronized void bind(Thread t) {
        if (thread != null && thread != t) {
            throw new IllegalStateException(name + " is bound to thread " + thread.getName());
        }
        thread = t;
    }

    private void pass(long latestWakeNanos) {
        long wakeAt = Math.min(latestWakeNanos, nextTimerDeadline());
        select(wakeAt);
        runDueTimers();
        runTasks();
        if (closeRequested) {
            shutDown();
        }
    }

    private long nextTimerDeadline() {
        LoopTimer first = timers.peek();
        return first == null ? NO_DEADLINE : first.deadlineNanos;
    }

    private void select(long wakeAtNanos) {
        try {
            long waitNanos = wakeAtNanos == NO_DEADLINE ? Long.MAX_VALUE : wakeAtNanos - clock.nanos();
            // keys() also holds cancelled keys until the next select deregisters them (and lets the
            // JDK close their channels' descriptors): only a selector with no key at all may be skipped.
            boolean park = selector.keys().isEmpty();
            if (waitNanos <= 0 || !tasks.isEmpty() || closeRequested) {
                if (!park) {
                    selector.selectNow(this::dispatch);
                }
                return;
            }
            // Before sleeping, let a thread that is runnable on this CPU (a producer or a loop we just
            // replied to) run first: what it posts meanwhile finds this loop awake and costs no wake-up.
            Thread.yield();
            if (!tasks.isEmpty() || closeRequested) {
                return;
            }
            if (park != parks) {
                parks = park;
            }
            nextWakeupNanos.set(wakeAtNanos);
            try {
                if (!tasks.isEmpty() || closeRequested) {
                    if (!park) {
                        selector.selectNow(this::dispatch);
                    }
                } else if (park) {
                    if (waitNanos == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, waitNanos);
                    }
                } else if (waitNanos == Long.MAX_VALUE) {
                    selector.select(this::dispatch);
                } else {
                    selector.select(this::dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
                }
            } finally {
                nextWakeupNanos.lazySet(AWAKE);
            }
        } catch (IOException e) {
            log.warn("{}: select failed", name, e);
        }
    }

    private void dispatch(SelectionKey key) {
        LoopRegistration<?> registration = (LoopRegistration<?>) key.attachment();
        stallDetector.enter(registration);
        try {
            registration.ready(key.readyOps());
        } finally {
            stallDetector.exit();
        }
    }

    private void runDueTimers() {
        long now = clock.nanos();
        LoopTimer timer;
        while ((timer = timers.peek()) != null && timer.deadlineNanos - now <= 0) {
            timers.poll();
            if (timer.claim()) {
                invoke(timer.task);
            }
        }
    }

    private void runTasks() {
        long start = 0;
        int ran = 0;
        Runnable task;
        while ((task = nextTask()) != null) {
            invoke(task);
            if ((++ran & 63) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start > TASK_BUDGET_NANOS) {
                    break;
                }
            }
        }
        counters.tasksRun.add(ran);
    }

    /** @return the next task, or null when the queue is empty or its next task is not yet published */
    private Runnable nextTask() {
        Runnable task = tasks.poll();
        if (task != null || tasks.isEmpty()) {
            return task;
        }
        // A producer has claimed the next slot and not yet written it: it is between two instructions
        // on another CPU (spin a moment), or it was preempted there, maybe queued behind this thread
        // on this CPU: give it the CPU rather than spin through whole passes.
        for (int i = 0; i < PUBLISH_SPINS; i++) {
            Thread.onSpinWait();
            if ((task = tasks.poll()) != null) {
                return task;
            }
        }
        Thread.yield();
        return tasks.poll();
    }

    private void invoke(Runnable task) {
        stallDetector.enter(task);
        try {
            task.run();
        } catch (RuntimeException e) {
            counters.taskFailures.increment();
            log.warn("{}: task of {} failed", name, Owned.of(task), e);
        } finally {
            stallDetector.exit();
        }
    }

    /**
     * Closes the loop: it stops accepting tasks and shuts down at the end of its current pass (see the
     * class comment). Any thread; idempotent. Called on the loop thread outside a pass, or on a loop that
     * never ran, it shuts down at once.
     */
    @Override
    public void close() {
        closeRequested = true;
        if (thread == null) {
            bindCurrent();
        }
        if (inLoop() && !stallDetector.inCallback()) {
            shutDown();
        } else {
            selector.wakeup();
            LockSupport.unpark(thread);
        }
    }

    /**
     * Waits for the loop to shut down.
     *
     * @param timeout the longest time to wait
     * @return true if it shut down in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void shutDown() {
        if (shutDown) {
            return;
        }
        tasks.close();
        Runnable task;
        while (!tasks.isEmpty()) {
            task = tasks.poll();
            if (task == null) {
                Thread.onSpinWait(); // a producer claimed its slot before the close and is publishing
            } else {
                invoke(task);
            }
        }
        shutDown = true;
        for (LoopTimer timer : timers.drain()) {
            timer.claim();
        }
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            if (key.attachment() instanceof LoopRegistration<?> registration) {
                stallDetector.enter(registration);
                try {
                    registration.close(new CloseReason(CloseReason.Kind.LOOP_SHUTDOWN, name + " closed", null));
                } finally {
                    stallDetector.exit();
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("{}: closing selector failed", name, e);
        }
        stallDetector.close();
        terminated.countDown();
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }

    /** Builds an {@link EventLoop}. Not thread-safe. */
    public static final class Builder {
        private String name = "lws-loop";
        private MonotonicClock clock = MonotonicClock.system();
        private Duration stallThreshold = StallDetector.DEFAULT_THRESHOLD;

        private Builder() {
        }

        /**
         * @param name the loop's name, used for its thread and in logs
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param clock the monotonic clock for timers (a {@link ManualClock} in tests)
         * @return this builder
         */
        public Builder clock(MonotonicClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param threshold how long one callback may hold the loop before it is reported (default
         *        100 ms; {@link Duration#ZERO} disables the detector)
         * @return this builder
         */
        public Builder stallThreshold(Duration threshold) {
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("stall threshold must not be negative: " + threshold);
            }
            this.stallThreshold = threshold;
            return this;
        }

        /** @return a new loop, not yet bound to a thread */
        public EventLoop build() {
            return new EventLoop(this);
        }
    }
}
