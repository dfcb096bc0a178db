package lws.system;

import lws.app.api.Cancellable;
import lws.app.api.Hold;
import lws.app.api.Resolver;
import lws.app.api.SystemState;
import lws.app.api.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The system context (libwebsockets' "system vhost"): one {@link EventLoop}, the {@link StateMachine},
 * the {@link NetworkState}, the helpers and the resolver and time facades that apps see.
 *
 * <p><b>Start</b> ({@link #start()}): on the loop, the machine enters INITIALIZED, every helper starts
 * (and places its holds: DHCP on {@code DHCP}, NTP on {@code TIME_VALID} under {@code time.policy=ntp}),
 * then the machine advances toward OPERATIONAL as far as holds allow. With {@code dhcp.interface} unset
 * the DHCP step passes ("interfaces managed by the host"); with {@code time.policy=host} TIME_VALID
 * passes on the host clock, logged as unverified.
 *
 * <p><b>Stop</b> ({@link #close()}): CONTEXT_DESTROYING (listeners such as the app host stop their apps
 * and pending attaches are dropped), helpers stopped in reverse order, then the loop closes.
 *
 * <p>Threading: {@link #attach}, {@link #hold}, {@link #resolver()}, {@link #time()}, {@link #state()},
 * {@link #start()} and {@link #close()} from any thread; the rest on the loop thread.
 */
public final class SystemContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemContext.class);

    private final EventLoop loop;
    private final boolean ownsLoopThread;
    private volatile Config config;
    private final InstantSource wallClock;
    private final StateMachine states;
    private final NetworkState network;
    private final SystemEvents events;
    private final Attachments attachments;
    private final List<SystemHelper> helpers;
    private final long startNanos;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final List<SystemHelper> runningHelpers = new ArrayList<>();
    private volatile Resolver resolver;
    private volatile TimeSource time;
    private boolean destroyed;

    private SystemContext(Builder b) {
        this.config = b.config;
        this.wallClock = b.wallClock;
        this.ownsLoopThread = b.loop == null;
        this.loop = b.loop != null ? b.loop : EventLoop.builder()
                .name("lws-system")
                .stallThreshold(config.duration("loop.stall-threshold"))
                .build();
        this.startNanos = loop.clock().nanos();
        this.states = new StateMachine(loop, wallClock);
        this.network = new NetworkState(loop);
        this.events = new SystemEvents(this);
        this.helpers = List.copyOf(b.helpers);
        this.resolver = new NoResolver(loop);
        this.time = new HostTime(wallClock);
        states.addListener(this::logTransition);
        this.attachments = new Attachments(loop, states);
    }

    /** @return a builder with default configuration, the system wall clock and helpers from ServiceLoader */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the system's loop */
    public EventLoop loop() {
        return loop;
    }

    /** @return the state machine (loop thread, except as documented there) */
    public StateMachine states() {
        return states;
    }

    /** @return the current state; any thread */
    public SystemState state() {
        return states.current();
    }

    /** @return the network snapshot holder */
    public NetworkState network() {
        return network;
    }

    /** @return the helpers' event stream */
    public SystemEvents events() {
        return events;
    }

    /**
     * Installs a reloaded configuration and lets every running helper apply it (see
     * {@link SystemHelper#reconfigure}). Core keys that only take effect at start are reported. Loop
     * thread.
     *
     * @param reloaded the new, validated configuration
     * @return the changed keys that need a restart to take effect
     */
    public Set<String> reconfigure(Config reloaded) {
        assert loop.inLoop();
        Config previous = config;
        config = Objects.requireNonNull(reloaded, "reloaded");
        Set<String> needRestart = new TreeSet<>();
        for (ConfigKey key : Config.CORE_KEYS) {
            if (!previous.get(key.name()).equals(reloaded.get(key.name())) && !LIVE_CORE_KEYS.contains(key.name())) {
                needRestart.add(key.name());
            }
        }
        for (SystemHelper helper : runningHelpers) {
            try {
                needRestart.addAll(helper.reconfigure(previous, reloaded));
            } catch (RuntimeException e) {
                log.warn("helper {} failed to apply the reloaded configuration", helper.name(), e);
            }
        }
        return needRestart;
    }

    /** Core keys that helpers read again on reconfigure. */
    private static final Set<String> LIVE_CORE_KEYS = Set.of("dns.servers", "ntp.servers");

    /** @return the validated configuration (replaced by {@link #reconfigure}) */
    public Config config() {
        return config;
    }

    /** @return the wall clock (the host clock, not corrected by NTP) */
    public InstantSource wallClock() {
        return wallClock;
    }

    /** @return time since the context was created, on the monotonic clock */
    public Duration sinceStart() {
        return Duration.ofNanos(loop.clock().nanos() - startNanos);
    }

    /** @return the helpers, in start order */
    public List<SystemHelper> helpers() {
        return helpers;
    }

    /**
     * @param name a helper name
     * @return the helper with that name, if present
     */
    public Optional<SystemHelper> helper(String name) {
        return helpers.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /**
     * Runs {@code callback} on the loop once the system reaches {@code state}; see
     * {@link lws.app.api.AppContext#attach}. Any thread.
     *
     * @param owner who attaches, for logs
     * @param state a main-sequence state
     * @param callback what to run
     * @return a handle that cancels it
     */
    public Cancellable attach(String owner, SystemState state, Runnable callback) {
        return attachments.attach(owner, state, callback);
    }

    /**
     * Holds the machine out of {@code state}. Any thread.
     *
     * @param state the state
     * @param owner who holds it
     * @return the hold
     */
    public Hold hold(SystemState state, String owner) {
        return states.hold(state, owner);
    }

    /** @return the resolver facade: the DNS helper's, or one that says DNS is not available */
    public Resolver resolver() {
        return resolver;
    }

    /**
     * Installs the system resolver (the DNS helper does this in its start). Loop thread.
     *
     * @param resolver the resolver
     */
    public void provideResolver(Resolver resolver) {
        assert loop.inLoop();
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** @return the time facade: the NTP helper's, or the host clock marked unverified */
    public TimeSource time() {
        return time;
    }

    /**
     * Installs the system time source (the NTP helper does this in its start). Loop thread.
     *
     * @param time the time source
     */
    public void provideTime(TimeSource time) {
        assert loop.inLoop();
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Starts the system: the loop's thread when the context created the loop, then the boot sequence on
     * the loop. Any thread.
     *
     * @return a future completed on the loop once every helper started and the machine advances toward
     *         OPERATIONAL (not when it gets there); failed if a helper could not start
     */
    public CompletableFuture<Void> start() {
        if (ownsLoopThread && loop.thread() == null) {
            loop.start();
        }
        loop.execute(Owned.task("system", this::boot));
        return started;
    }

    private void logTransition(StateTransition t) {
        log.info("state {} (+{} ms)", t.to(), t.sinceStart().toMillis());
        if (t.to() == SystemState.TIME_VALID && config.get("time.policy").equals("host")) {
            log.info("TIME_VALID from the host clock (unverified): time.policy=host");
        }
    }

    private void boot() {
        try {
            states.advanceTo(SystemState.INITIALIZED);
            String dhcpInterface = config.get("dhcp.interface");
            if (dhcpInterface.isEmpty()) {
                log.info("DHCP step skipped: interfaces managed by the host");
            } else if (helper("dhcp").isEmpty()) {
                throw new IllegalStateException("dhcp.interface=" + dhcpInterface + " but no DHCP helper (module lws.dhcp) is installed");
            }
            boolean ntpPolicy = config.get("time.policy").equals("ntp");
            if (ntpPolicy && helper("ntp").isEmpty()) {
                throw new IllegalStateException("time.policy=ntp but no NTP helper (module lws.ntp) is installed");
            }
            for (SystemHelper helper : helpers) {
                helper.start(this);
                runningHelpers.add(helper);
                log.info("helper {} started", helper.name());
            }
            started.complete(null);
            states.advanceTo(SystemState.OPERATIONAL);
        } catch (Exception e) {
            log.error("system start failed: {}", e.getMessage());
            started.completeExceptionally(e);
        }
    }

    /**
     * Stops the system: CONTEXT_DESTROYING, helpers stopped in reverse order, loop closed. Any thread;
     * idempotent. Off the loop it waits up to five seconds for the loop to terminate.
     */
    @Override
    public void close() {
        if (loop.inLoop()) {
            destroy();
            loop.close();
            return;
        }
        try {
            loop.execute(Owned.task("system", () -> {
                destroy();
                loop.close();
            }));
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        if (loop.thread() != null) {
            try {
                if (!loop.awaitTermination(Duration.ofSeconds(5))) {
                    log.warn("system loop did not terminate within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        states.enter(SystemState.CONTEXT_DESTROYING);
        for (int i = runningHelpers.size() - 1; i >= 0; i--) {
            SystemHelper helper = runningHelpers.get(i);
            try {
                helper.stop();
                log.info("helper {} stopped", helper.name());
            } catch (RuntimeException e) {
                log.warn("helper {} failed to stop cleanly", helper.name(), e);
            }
        }
        runningHelpers.clear();
    }

    /** Builds a {@link SystemContext}. */
    public static final class Builder {
        private Config config = Config.defaults();
        private InstantSource wallClock = InstantSource.system();
        private EventLoop loop;
        private List<SystemHelper> helpers;

        private Builder() {
        }

        /**
         * @param config the validated configuration
         * @return this builder
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param wallClock the wall clock (tests inject a fixed one)
         * @return this builder
         */
        public Builder wallClock(InstantSource wallClock) {
            this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /**
         * Uses a loop the caller creates and drives (e.g. with a {@link ManualClock} and
         * {@link EventLoop#runOnce}); by default the context creates "lws-system" and its thread. The
         * loop must not run yet, or {@link #build()} must be called on its thread.
         *
         * @param loop the loop
         * @return this builder
         */
        public Builder loop(EventLoop loop) {
            this.loop = Objects.requireNonNull(loop, "loop");
            return this;
        }

        /**
         * @param helpers the helpers to run, in start order (default: every {@link SystemHelper} found
         *        by {@link ServiceLoader} in the boot layer, sorted by name)
         * @return this builder
         */
        public Builder helpers(List<SystemHelper> helpers) {
            this.helpers = List.copyOf(helpers);
            return this;
        }

        /** @return the context, not started */
        public SystemContext build() {
            if (helpers == null) {
                helpers = discoverHelpers();
            }
            return new SystemContext(this);
        }

        /** @return the helpers in the boot layer, sorted by name */
        public static List<SystemHelper> discoverHelpers() {
            List<SystemHelper> found = new ArrayList<>();
            ServiceLoader.load(SystemHelper.class).forEach(found::add);
            found.sort((a, b) -> a.name().compareTo(b.name()));
            return found;
        }
    }
}
