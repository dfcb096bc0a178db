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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ping-pong round trip: the benchmark thread (the pinger) posts a task to an idle loop and parks until
 * the task, run on the loop, unparks it. One operation is one round trip, so the sampled times are
 * round-trip latencies: wake the sleeping loop, run the task, wake the pinger. {@code bench/loop.sh}
 * runs this under {@code taskset -c 1}, loop and pinger on one CPU: cross-core wake-ups on a VM cost
 * tens of microseconds for every system and would hide the difference between them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PingPong {
    @Param({"lws", "netty", "executor"})
    public String system;

    private LoopUnderTest loop;
    private Pong pong;

    /** Starts the loop; the pinger is the thread that runs this setup and the benchmark. */
    @Setup(Level.Trial)
    public void open() {
        loop = LoopUnderTest.open(LoopUnderTest.Kind.of(system));
        pong = new Pong(Thread.currentThread());
    }

    /** Stops the loop. */
    @TearDown(Level.Trial)
    public void close() {
        loop.close();
    }

    /** The reply: marks the round trip done and unparks the pinger. */
    static final class Pong implements Runnable {
        private final Thread pinger;
        volatile boolean done;

        Pong(Thread pinger) {
            this.pinger = pinger;
        }

        @Override
        public void run() {
            done = true;
            LockSupport.unpark(pinger);
        }
    }

    /** One round trip. */
    @Benchmark
    public void roundTrip() {
        Pong p = pong;
        p.done = false;
        loop.execute(p);
        while (!p.done) {
            LockSupport.park(this);
        }
    }
}
