package lws.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default socket path follows the daemon's rule, with $LWSD_SOCKET first. */
class SocketPathsTest {
    @TempDir
    Path runtime;

    @Test
    void environmentVariableWinsOverEverything() {
        assertEquals(Path.of("/x/y.sock"), SocketPaths.defaultPath(Map.of("LWSD_SOCKET", "/x/y.sock", "XDG_RUNTIME_DIR", runtime.toString()), "root"));
    }

    @Test
    void rootUsesRunLwsd() {
        assertEquals(Path.of("/run/lwsd/control.sock"), SocketPaths.defaultPath(Map.of("XDG_RUNTIME_DIR", runtime.toString()), "root"));
        assertEquals(Path.of("/run/lwsd/control.sock"), SocketPaths.defaultPath(Map.of("LWSD_SOCKET", " "), "root"));
    }

    @Test
    void otherUsersUseTheirRuntimeDirectoryWhenItExists() {
        assertEquals(runtime.resolve("lwsd.sock"), SocketPaths.defaultPath(Map.of("XDG_RUNTIME_DIR", runtime.toString()), "alice"));
    }

    @Test
    void otherwiseTheWorkingDirectory() {
        Path here = Path.of("lwsd.sock").toAbsolutePath();
        assertEquals(here, SocketPaths.defaultPath(Map.of(), "alice"));
        assertEquals(here, SocketPaths.defaultPath(Map.of("XDG_RUNTIME_DIR", runtime.resolve("gone").toString()), "alice"));
    }
}
