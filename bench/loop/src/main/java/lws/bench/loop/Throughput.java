package lws.bench.loop;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * Task throughput: each JMH thread is a producer that posts one tiny task per operation to one shared
 * loop. The score counts tasks the loop ran, not only tasks queued: a producer may be at most
 * {@value #WINDOW} tasks ahead of the loop (it yields while it is), and every iteration ends with the
 * producer waiting until the loop has run all its tasks, so an unbounded queue cannot inflate the score
 * and no iteration leaves work to the next. The task is one preallocated object per producer (the
 * benchmark measures the loop, not the allocator); it counts its runs with a release store.
 *
 * <p>The number of producers is the JMH thread count ({@code -t}); {@link LoopBench} runs 1 and 4.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Throughput {
    /** Most tasks one producer may have queued and not yet run. */
    static final int WINDOW = 8192;
    /** A producer checks its window every this many posts (a power of two). */
    static final int CHECK_EVERY = 1024;

    @Param({"lws", "lws+socket", "netty", "executor"})
    public String system;

    private LoopUnderTest loop;

    /** Starts the loop for a trial (one fork). */
    @Setup(Level.Trial)
    public void open() {
        loop = LoopUnderTest.open(LoopUnderTest.Kind.of(system));
    }

    /** Stops the loop. */
    @TearDown(Level.Trial)
    public void close() {
        loop.close();
    }

    /** One producer's task and its count of posts. Padded: producers never share a cache line. */
    @State(Scope.Thread)
    public static class Producer {
        @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
        long posted;
        final Counted task = new Counted();
        @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;

        void awaitWindow() {
            while (posted - task.ran() > WINDOW) {
                Thread.yield();
            }
        }

        /** Waits until the loop has run every task this producer posted in the iteration. */
        @TearDown(Level.Iteration)
        public void drain() {
            while (task.ran() != posted) {
                Thread.yield();
            }
        }
    }

    /** A no-op task that counts how often it ran; run only on the loop thread. */
    static final class Counted implements Runnable {
        private static final VarHandle RAN;

        static {
            try {
                RAN = MethodHandles.lookup().findVarHandle(Counted.class, "ran", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
        private long ran;
        @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;

        @Override
        public void run() {
            RAN.setRelease(this, ran + 1);
        }

        long ran() {
            return (long) RAN.getAcquire(this);
        }
    }

    /**
     * Posts one task.
     *
     * @param producer this thread's producer state
     */
    @Benchmark
    public void post(Producer producer) {
        loop.execute(producer.task);
        if ((++producer.posted & (CHECK_EVERY - 1)) == 0) {
            producer.awaitWindow();
        }
    }
}
