package lws.ctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code lwsctl} looks for the daemon: {@code $LWSD_SOCKET} when set, else the daemon's own default
 * for {@code control.socket} — {@code /run/lwsd/control.sock} as root, else {@code $XDG_RUNTIME_DIR/lwsd.sock}
 * when that directory exists, else {@code lwsd.sock} in the working directory. Thread-safe.
 */
final class SocketPaths {
    /** The environment variable that overrides the default socket path. */
    static final String ENVIRONMENT_VARIABLE = "LWSD_SOCKET";

    private SocketPaths() {
    }

    /** @return the default path for this process (its environment and user) */
    static Path defaultPath() {
        return defaultPath(System.getenv(), System.getProperty("user.name", ""));
    }

    /**
     * @param environment the environment variables to consult
     * @param userName the user this process runs as
     * @return the default control socket path for that environment and user
     */
    static Path defaultPath(Map<String, String> environment, String userName) {
        String explicit = environment.get(ENVIRONMENT_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        if ("root".equals(userName)) {
            return Path.of("/run/lwsd/control.sock");
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "lwsd.sock");
        }
        return Path.of("lwsd.sock").toAbsolutePath();
    }
}
