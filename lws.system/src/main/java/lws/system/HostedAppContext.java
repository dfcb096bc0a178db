package lws.system;

import lws.app.api.AppContext;
import lws.app.api.Cancellable;
import lws.app.api.Hold;
import lws.app.api.NetworkInfo;
import lws.app.api.Resolver;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.app.api.SystemState;
import lws.app.api.TimeSource;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The {@link AppContext} of one hosted app: the system context seen through the app's name, which
 * labels its tasks, timers, sockets and holds in logs and stall reports. Thread-safety as documented on
 * {@link AppContext}.
 */
final class HostedAppContext implements AppContext {
    /** The states an app may hold. */
    static final Set<SystemState> HOLDABLE = EnumSet.of(SystemState.POLICY_VALID, SystemState.REGISTERED,
            SystemState.AUTH1, SystemState.AUTH2);

    private final String appName;
    private final SystemContext system;
    private final Executor executor;

    HostedAppContext(String appName, SystemContext system) {
        this.appName = appName;
        this.system = system;
        this.executor = task -> system.loop().execute(Owned.task(appName, Objects.requireNonNull(task, "task")));
    }

    @Override
    public String appName() {
        return appName;
    }

    @Override
    public SystemState state() {
        return system.state();
    }

    @Override
    public Cancellable attach(SystemState state, Runnable callback) {
        return system.attach(appName, state, callback);
    }

    @Override
    public Hold hold(SystemState state, String reason) {
        if (!HOLDABLE.contains(state)) {
            throw new IllegalArgumentException(appName + ": apps may hold " + HOLDABLE + ", not " + state);
        }
        return system.hold(state, appName + ": " + Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return system.loop().schedule(delay, Owned.task(appName, task));
    }

    @Override
    public <S> SocketRegistration<S> register(SelectableChannel channel, S state, SocketHandler<S> handler)
            throws IOException {
        return system.loop().register(channel, appName, state, handler);
    }

    @Override
    public NetworkInfo network() {
        return system.network().current();
    }

    @Override
    public Resolver resolver() {
        return system.resolver();
    }

    @Override
    public TimeSource time() {
        return system.time();
    }

    @Override
    public Optional<String> config(String key) {
        return system.config().given(key);
    }
}
