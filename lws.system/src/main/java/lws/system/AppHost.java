package lws.system;

import lws.app.api.SystemApp;
import lws.app.api.SystemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the apps of a system: attaches each app's {@code start} at its start state, records its status,
 * and stops the started apps in reverse start order when the system enters CONTEXT_DESTROYING.
 *
 * <p>An app whose {@code start} throws is FAILED (with the reason) and the system and the other apps go
 * on. Every {@code start}/{@code stop} runs on the loop thread; a {@code stop} that blocks holds the loop,
 * is named by the stall detector, and is abandoned by the daemon when its shutdown deadline passes.
 *
 * <p>Threading: {@link #apps()} any thread; the rest on the loop thread (or before the loop runs).
 */
public final class AppHost {
    private static final Logger log = LoggerFactory.getLogger(AppHost.class);

    private final SystemContext system;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Entry> startOrder = new ArrayList<>();
    private final CopyOnWriteArrayList<AppInfo> snapshot = new CopyOnWriteArrayList<>();
    private volatile String stopping = "";

    private final class Entry {
        final SystemApp app;
        final String module;
        final String origin;
        final SystemState startState;
        AppInfo.Status status = AppInfo.Status.WAITING;
        String reason = "";

        Entry(SystemApp app, String module, String origin) {
            this.app = app;
            this.module = module;
            this.origin = origin;
            SystemState s = app.startState();
            this.startState = s == null ? SystemState.OPERATIONAL : s;
        }

        AppInfo info() {
            return new AppInfo(app.name(), module, origin, startState, status, reason);
        }
    }

    /**
     * @param system the system whose loop runs the apps
     */
    public AppHost(SystemContext system) {
        this.system = system;
        system.states().addListener(t -> {
            if (t.to() == SystemState.CONTEXT_DESTROYING) {
                stopAll();
            }
        });
    }

    /**
     * Adds an app and attaches its start at its start state. Loop thread, or before the loop runs.
     *
     * @param app the app
     * @param module the module that provides it
     * @param origin "boot layer" or the plug-in path
     */
    public void add(SystemApp app, String module, String origin) {
        Entry entry = new Entry(app, module, origin);
        if (!entry.startState.isMainSequence()) {
            entry.status = AppInfo.Status.FAILED;
            entry.reason = "start state " + entry.startState + " is a side state";
            entries.add(entry);
            publish();
            return;
        }
        entries.add(entry);
        publish();
        system.attach(app.name(), entry.startState, () -> start(entry));
    }

    private void start(Entry entry) {
        String name = entry.app.name();
        try {
            entry.app.start(new HostedAppContext(name, system));
            entry.status = AppInfo.Status.RUNNING;
            startOrder.add(entry);
            log.info("app {} started at {}", name, system.state());
        } catch (Exception | LinkageError e) {
            entry.status = AppInfo.Status.FAILED;
            entry.reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("app {} failed to start: {}", name, entry.reason, e);
        }
        publish();
    }

    private void stopAll() {
        for (int i = startOrder.size() - 1; i >= 0; i--) {
            Entry entry = startOrder.get(i);
            String name = entry.app.name();
            stopping = name;
            try {
                entry.app.stop();
                log.info("app {} stopped", name);
            } catch (Exception | LinkageError e) {
                log.warn("app {} failed to stop cleanly: {}", name, e.toString());
            }
            entry.status = AppInfo.Status.STOPPED;
        }
        stopping = "";
        for (Entry entry : entries) {
            if (entry.status == AppInfo.Status.WAITING) {
                entry.status = AppInfo.Status.STOPPED;
                entry.reason = "system destroyed before " + entry.startState;
            }
        }
        startOrder.clear();
        publish();
    }

    private void publish() {
        List<AppInfo> infos = new ArrayList<>();
        for (Entry e : entries) {
            infos.add(e.info());
        }
        snapshot.clear();
        snapshot.addAll(infos);
    }

    /** @return every app with its status, in load order; any thread */
    public List<AppInfo> apps() {
        return List.copyOf(snapshot);
    }

    /** @return the app whose {@code stop} is running now, or "" ; any thread */
    public String stopping() {
        return stopping;
    }
}
