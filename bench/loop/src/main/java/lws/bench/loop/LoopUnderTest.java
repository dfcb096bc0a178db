package lws.bench.loop;

import io.netty.channel.nio.NioEventLoopGroup;
import lws.system.EventLoop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One task loop under test, started on its own thread. {@link #execute} from any thread; {@link #close()}
 * from the thread that opened it.
 */
sealed interface LoopUnderTest extends Executor, AutoCloseable {

    /** The systems compared; the names are the JMH {@code @Param} values. */
    enum Kind {
        /** {@link lws.system.EventLoop} with its defaults (stall detector on, 100 ms). */
        LWS,
        /**
         * The same loop with one idle UDP channel (bound to 127.0.0.1, never sent to) registered: it
         * sleeps in epoll, as a loop that serves sockets does, instead of parking.
         */
        LWS_SOCKET,
        /** Netty 4.1 {@code NioEventLoop} (one loop of a {@code NioEventLoopGroup(1)}). */
        NETTY,
        /** {@link Executors#newSingleThreadExecutor()}: a {@code LinkedBlockingQueue} and one worker. */
        EXECUTOR;

        /** @return the lower-case name used in params, tables and the result file */
        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '+');
        }

        static Kind of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('+', '_'));
        }
    }

    /**
     * @param kind which system
     * @return a started loop of that kind
     */
    static LoopUnderTest open(Kind kind) {
        return switch (kind) {
            case LWS -> new Lws(EventLoop.start("bench-lws"));
            case LWS_SOCKET -> Lws.withIdleSocket(EventLoop.start("bench-lws-socket"));
            case NETTY -> new Netty(new NioEventLoopGroup(1));
            case EXECUTOR -> new Plain(Executors.newSingleThreadExecutor());
        };
    }

    /** @return a short description of the queue behind {@link #execute}, for the report */
    String describe();

    /** Stops the loop after the tasks already queued and waits for its thread, at most 10 s. */
    @Override
    void close();

    /** The lws loop. */
    record Lws(EventLoop loop) implements LoopUnderTest {
        static Lws withIdleSocket(EventLoop loop) {
            try {
                DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                loop.submit(() -> loop.register(channel, "bench", channel, registration -> {
                    throw new IllegalStateException("idle bench socket got a datagram");
                })).get(10, TimeUnit.SECONDS);
                return new Lws(loop);
            } catch (IOException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot register the idle socket", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public String describe() {
            return "lws.system.EventLoop (TaskQueue), " + (loop.name().endsWith("socket")
                    ? "one idle UDP socket registered: sleeps in epoll" : "no socket: parks");
        }

        @Override
        public void close() {
            loop.close();
            try {
                if (!loop.awaitTermination(Duration.ofSeconds(10))) {
                    throw new IllegalStateException(loop + " did not terminate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(loop + ": interrupted while closing", e);
            }
        }
    }

    /** Netty's NIO loop; {@code execute} goes straight to {@code SingleThreadEventExecutor.execute}. */
    record Netty(NioEventLoopGroup group, Executor loop) implements LoopUnderTest {
        Netty(NioEventLoopGroup group) {
            this(group, group.next());
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public String describe() {
            return loop.getClass().getName() + " (Netty " + io.netty.util.Version.identify().values().stream()
                    .findFirst().map(v -> v.artifactVersion()).orElse("?") + ")";
        }

        @Override
        public void close() {
            if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("netty loop did not terminate");
            }
        }
    }

    /** A single-thread executor service. */
    record Plain(ExecutorService executor) implements LoopUnderTest {
        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public String describe() {
            return "Executors.newSingleThreadExecutor (LinkedBlockingQueue)";
        }

        @Override
        public void close() {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("executor did not terminate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("executor: interrupted while closing", e);
            }
        }
    }
}
