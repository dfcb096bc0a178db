package lws.system;

import lws.app.api.SystemState;
import lws.system.control.ControlServer;
import lws.system.control.ControlSocketFile;
import lws.system.control.MetricsHttpServer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The daemon's management endpoints: the control socket ({@code control.socket}, {@code control.group})
 * and the optional OpenMetrics HTTP endpoint ({@code metrics.listen}). Loop thread only.
 */
final class ControlEndpoints {
    private final SystemContext system;
    private final AppHost apps;
    private ControlServer control;
    private MetricsHttpServer metrics;

    ControlEndpoints(SystemContext system, AppHost apps) {
        this.system = system;
        this.apps = apps;
    }

    void start() throws IOException {
        Config config = system.config();
        String configured = config.get("control.socket");
        Path path = configured.isEmpty() ? ControlSocketFile.defaultPath() : Path.of(configured);
        control = new ControlServer(system, apps, path, config.get("control.group"));
        control.start();
        // Registered after the control server's own listener, so watchers see CONTEXT_DESTROYING first.
        system.states().addListener(t -> {
            if (t.to() == SystemState.CONTEXT_DESTROYING) {
                close();
            }
        });
        String listen = config.get("metrics.listen");
        if (!listen.isEmpty()) {
            metrics = new MetricsHttpServer(system, apps);
            metrics.start(HostPort.parse(listen, 9464));
        }
    }

    void close() {
        if (control != null) {
            control.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
