package lws.system;

import lws.app.api.SystemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code lwsd} daemon: {@code lwsd [--config FILE] [--set key=value …]}.
 *
 * <p>Start: read the configuration file and overrides; find the helpers (boot layer) and the apps
 * (boot layer and {@code plugins.dir}); validate every key against what the core, the helpers and the
 * apps accept; build the {@link SystemContext}; attach each app at its start state; start. Stop (SIGTERM,
 * SIGINT or {@link #requestStop()}): CONTEXT_DESTROYING, apps stopped in reverse order, helpers
 * stopped, loop closed; the process exits 0 within five seconds even if an app's {@code stop} hangs.
 *
 * <p>Without arguments this is the host-managed profile: no root needed, no packet leaves the host
 * unless an app asks, the DHCP step is skipped, TIME_VALID comes from the host clock.
 *
 * <p>Threading: {@link #launch} and {@link #run} on any thread; the instance methods are thread-safe.
 */
public final class Lwsd {
    private static final String USAGE = "usage: lwsd [--config FILE] [--set key=value ...] [--help]";
    /** Longest time the daemon waits for a clean stop before exiting anyway. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final SystemContext system;
    private final AppHost apps;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Logger log;

    private final List<ConfigKey> keys;
    private final List<String> appNames;

    private Lwsd(SystemContext system, AppHost apps, Logger log, List<ConfigKey> keys, List<String> appNames) {
        this.system = system;
        this.apps = apps;
        this.log = log;
        this.keys = keys;
        this.appNames = appNames;
    }

    /**
     * Re-reads the configuration from the same command line (the file may have changed) and applies
     * it: helpers change what they can live (e.g. {@code dns.servers}); other changed keys are logged as
     * needing a restart. A configuration that does not validate is refused and the old one stays. Any
     * thread.
     *
     * @param args the command line lwsd was started with
     * @return the error, or "" when the configuration was installed
     */
    public String reload(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        Config reloaded;
        try {
            parseArguments(new PrintWriter(Writer.nullWriter()), args, given);
            reloaded = Config.of(keys, appNames, given);
        } catch (ConfigException | LaunchException e) {
            log.error("configuration reload refused, keeping the running one: {}", e.getMessage());
            return e.getMessage();
        }
        system.loop().execute(Owned.task("lwsd", () -> {
            Set<String> needRestart = system.reconfigure(reloaded);
            log.info("configuration reloaded{}", needRestart.isEmpty() ? ""
                    : "; these changes take effect at the next start: " + String.join(", ", needRestart));
        }));
        return "";
    }

    /**
     * Process entry point.
     *
     * @param args the command line
     */
    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(run(out, err, args));
    }

    /**
     * Runs the daemon until SIGTERM or SIGINT, in-process.
     *
     * @param out standard output
     * @param err standard error (configuration errors are printed here)
     * @param args the command line
     * @return the exit code, see {@link ExitCode}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.configureDefaults(); // before the first logger exists
        // Handle signals before starting: a SIGTERM during start-up stops the daemon once it is up.
        CountDownLatch signalled = new CountDownLatch(1);
        Signals.onTermination(signalled::countDown);
        AtomicReference<Lwsd> running = new AtomicReference<>();
        AtomicBoolean reloadPending = new AtomicBoolean();
        Signals.onHangup(() -> {
            Lwsd started = running.get();
            if (started != null) {
                started.reload(args);
            } else {
                reloadPending.set(true); // during start-up: reload once started
                Lwsd now = running.get(); // started meanwhile: whoever clears the flag reloads
                if (now != null && reloadPending.getAndSet(false)) {
                    now.reload(args);
                }
            }
        });
        Lwsd daemon;
        try {
            daemon = launch(out, err, args);
        } catch (LaunchException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                err.println("lwsd: " + e.getMessage());
                err.flush();
            }
            return e.exitCode().code();
        }
        running.set(daemon);
        if (reloadPending.getAndSet(false)) {
            daemon.reload(args);
        }
        Thread.ofPlatform().daemon().name("lwsd-signal").start(() -> {
            await(signalled);
            daemon.requestStop();
        });
        await(daemon.stopRequested);
        daemon.stop();
        return ExitCode.OK.code();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a daemon in-process and returns once its helpers started (tests use this).
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the running daemon
     * @throws LaunchException with the exit code when the command line, configuration or start fails;
     *         a {@code --help} request throws with {@link ExitCode#OK} after printing the usage
     */
    public static Lwsd launch(PrintWriter out, PrintWriter err, String... args) throws LaunchException {
        Logging.configureDefaults();
        Map<String, String> given = new LinkedHashMap<>();
        try {
            parseArguments(out, args, given);
        } catch (ConfigException e) {
            throw new LaunchException(ExitCode.USAGE, e.getMessage(), e);
        }
        Logger log = LoggerFactory.getLogger(Lwsd.class);

        List<SystemHelper> helpers = SystemContext.Builder.discoverHelpers();
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        helpers.forEach(h -> keys.addAll(h.configKeys()));

        PluginLoader loader = new PluginLoader();
        loader.loadBootLayer();
        pluginDirectory(given).ifPresent(loader::loadDirectory);
        List<String> appNames = loader.found().stream().map(f -> f.app().name()).toList();

        Config config;
        try {
            config = Config.of(keys, appNames, given);
        } catch (ConfigException e) {
            throw new LaunchException(ExitCode.USAGE, e.getMessage(), e);
        }
        List<String> missing = config.list("plugins.required").stream().filter(n -> !appNames.contains(n)).toList();
        if (!missing.isEmpty()) {
            StringBuilder why = new StringBuilder("required app(s) not loaded: " + String.join(", ", missing));
            loader.failures().forEach(f -> why.append("; ").append(f.origin()).append(": ").append(f.reason()));
            throw new LaunchException(ExitCode.FAILURE, why.toString(), null);
        }

        SystemContext system = SystemContext.builder().config(config).helpers(helpers).build();
        AppHost apps = new AppHost(system);
        loader.found().forEach(f -> apps.add(f.app(), f.module(), f.origin()));
        Lwsd daemon = new Lwsd(system, apps, log, List.copyOf(keys), appNames);
        ControlEndpoints endpoints = new ControlEndpoints(system, apps);
        SdNotify.attachIfRequested(system);
        try {
            system.start().get(10, TimeUnit.SECONDS);
            system.loop().submit(() -> {
                endpoints.start();
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            system.close();
            throw new LaunchException(ExitCode.FAILURE, "start failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            system.close();
            throw new LaunchException(ExitCode.FAILURE, "start failed: helpers did not start within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            system.close();
            throw new LaunchException(ExitCode.FAILURE, "interrupted while starting", e);
        }
        log.info("lwsd started: {} helper(s), {} app(s), time.policy={}, dhcp.interface={}", helpers.size(),
                appNames.size(), config.get("time.policy"),
                config.get("dhcp.interface").isEmpty() ? "(host-managed)" : config.get("dhcp.interface"));
        return daemon;
    }

    private static void parseArguments(PrintWriter out, String[] args, Map<String, String> given) throws LaunchException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-c" -> Config.readFile(Path.of(value(args, ++i, arg)), given);
                case "--set", "-s" -> Config.parseAssignment(value(args, ++i, arg), given);
                case "--help", "-h" -> {
                    out.println(USAGE);
                    out.println("Keys: see README.md, section Configuration. Without arguments: the host-managed profile.");
                    out.flush();
                    throw new LaunchException(ExitCode.OK, "", null);
                }
                default -> {
                    if (arg.startsWith("--config=")) {
                        Config.readFile(Path.of(arg.substring("--config=".length())), given);
                    } else if (arg.startsWith("--set=")) {
                        Config.parseAssignment(arg.substring("--set=".length()), given);
                    } else {
                        throw new LaunchException(ExitCode.USAGE, "unknown argument '" + arg + "'; " + USAGE, null);
                    }
                }
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new ConfigException(option + " needs a value; " + USAGE);
        }
        return args[i];
    }

    /**
     * The plug-in directory: {@code plugins.dir} when given, else {@code <image>/plugins} when lwsd runs
     * from its jlink image and that folder exists.
     */
    private static Optional<Path> pluginDirectory(Map<String, String> given) {
        String configured = given.getOrDefault("plugins.dir", "").strip();
        if (!configured.isEmpty()) {
            return Optional.of(Path.of(configured));
        }
        Path imagePlugins = Path.of(System.getProperty("java.home"), "plugins");
        return Files.isDirectory(imagePlugins) ? Optional.of(imagePlugins) : Optional.empty();
    }

    /** @return the system context */
    public SystemContext system() {
        return system;
    }

    /** @return the app host */
    public AppHost apps() {
        return apps;
    }

    /** Asks the daemon to stop; {@link #run} then stops it and returns. Any thread; idempotent. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Stops the daemon: CONTEXT_DESTROYING, apps, helpers, loop; waits at most five seconds, then logs
     * what is stuck and returns anyway. Any thread; idempotent.
     */
    public void stop() {
        if (system.loop().isTerminated()) {
            return;
        }
        log.info("lwsd stopping");
        long start = System.nanoTime();
        system.close();
        if (!system.loop().isTerminated()) {
            String stuck = apps.stopping();
            log.warn("lwsd: stop did not finish within {} s{}; exiting anyway", STOP_DEADLINE.toSeconds(),
                    stuck.isEmpty() ? "" : " (app " + stuck + " is still in stop())");
        } else {
            log.info("lwsd stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /**
     * Waits until the system reaches {@code state} (for tests and tools).
     *
     * @param state a main-sequence state
     * @param timeout the longest wait
     * @return true if reached in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitState(SystemState state, Duration timeout) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        system.attach("lwsd", state, reached::countDown);
        return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
