package lws.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import lws.app.api.SystemState;
import lws.system.LaunchException;
import lws.system.Lwsd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control socket of a real in-process daemon, spoken to with raw protocol lines. */
@Timeout(60)
class ControlSocketTest {
    private static final String PLUGINS = System.getProperty("lws.it.plugins");
    private static final JsonFactory JSON = new JsonFactory();

    @TempDir
    Path tmp;
    Path socket;
    Lwsd daemon;

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("ctl.sock");
        daemon = launch(socket);
        assertTrue(daemon.awaitState(SystemState.OPERATIONAL, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        daemon.stop();
    }

    private Lwsd launch(Path path, String... extra) throws LaunchException {
        List<String> args = new ArrayList<>(List.of("--set", "plugins.dir=" + PLUGINS, "--set", "echo.port=0",
                "--set", "control.socket=" + path));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        return Lwsd.launch(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    }

    /** A raw protocol client. */
    static final class Client implements AutoCloseable {
        final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 20);

        Client(Path path) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        }

        void send(String line) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** @return the next line, or null at end of stream */
        String readLine() throws IOException {
            while (true) {
                for (int i = 0; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        String line = new String(in.array(), 0, i, StandardCharsets.UTF_8);
                        int rest = in.position() - i - 1;
                        System.arraycopy(in.array(), i + 1, in.array(), 0, rest);
                        in.position(rest);
                        return line;
                    }
                }
                if (channel.read(in) < 0) {
                    return null;
                }
            }
        }

        Map<String, Object> call(String line) throws IOException {
            send(line);
            return parse(readLine());
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            return (Map<String, Object>) read(p, p.nextToken());
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, x));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            default -> {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(Map<String, Object> reply) {
        return String.valueOf(((Map<String, Object>) reply.get("error")).get("code"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusReportsStateHistoryAppsAndTime() throws Exception {
        try (Client c = new Client(socket)) {
            Map<String, Object> reply = c.call("{\"version\":1,\"id\":42,\"method\":\"status\"}");
            assertEquals(42, ((Number) reply.get("id")).intValue());
            Map<String, Object> result = (Map<String, Object>) reply.get("result");
            assertEquals("OPERATIONAL", result.get("state"));
            List<Object> history = (List<Object>) result.get("history");
            assertEquals(SystemState.OPERATIONAL.ordinal(), history.size());
            List<Map<String, Object>> apps = (List<Map<String, Object>>) result.get("apps");
            assertTrue(apps.stream().anyMatch(a -> a.get("name").equals("echo") && a.get("status").equals("RUNNING")), apps.toString());
            assertEquals("host (unverified)", ((Map<String, Object>) result.get("time")).get("source"));
            assertEquals("host", ((Map<String, Object>) result.get("network")).get("source"));
        }
    }

    @Test
    void badRequestsGetErrorRepliesAndTheDaemonIsUnaffected() throws Exception {
        try (Client c = new Client(socket)) {
            assertEquals("malformed-request", errorCode(c.call("this is not json")));
            assertEquals("malformed-request", errorCode(c.call("[1,2,3]")));
            assertEquals("malformed-request", errorCode(c.call("{\"method\":\"status\"}")));
            assertEquals("malformed-request", errorCode(c.call("{\"version\":1}")));
            assertEquals("malformed-request", errorCode(c.call("{\"version\":1,\"method\":\"status\",\"params\":5}")));
            assertEquals("unsupported-version", errorCode(c.call("{\"version\":2,\"method\":\"status\"}")));
            Map<String, Object> unknown = c.call("{\"version\":1,\"id\":\"x\",\"method\":\"frobnicate\"}");
            assertEquals("no-such-method", errorCode(unknown));
            assertEquals("x", unknown.get("id"));
            assertEquals("invalid-params", errorCode(c.call("{\"version\":1,\"method\":\"resolve\"}")));
            assertEquals("unavailable", errorCode(c.call("{\"version\":1,\"method\":\"resolve\",\"params\":{\"name\":\"a.test\"}}")));
            assertEquals("unavailable", errorCode(c.call("{\"version\":1,\"method\":\"dhcp\"}")));
            // The same connection still works after all that.
            assertEquals("OPERATIONAL", ((Map<?, ?>) c.call("{\"version\":1,\"method\":\"status\"}").get("result")).get("state"));
        }
    }

    @Test
    void anOversizedRequestIsRefusedAndTheConnectionClosed() throws Exception {
        try (Client c = new Client(socket)) {
            c.send("{\"version\":1,\"method\":\"status\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals("too-large", errorCode(parse(c.readLine())));
            assertEquals(null, c.readLine(), "closed after the error");
        }
        try (Client c = new Client(socket)) {
            assertTrue(c.call("{\"version\":1,\"method\":\"apps\"}").containsKey("result"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void watchStreamsHelperEventsAndStateTransitions() throws Exception {
        try (Client c = new Client(socket)) {
            Map<String, Object> reply = c.call("{\"version\":1,\"method\":\"watch\"}");
            assertEquals(true, ((Map<String, Object>) reply.get("result")).get("watching"));
            daemon.system().loop().submit(() -> {
                daemon.system().events().publish("dhcp", "bound", "10.77.0.50/24 from 10.77.0.1");
                return null;
            }).get(5, TimeUnit.SECONDS);
            Map<String, Object> event = (Map<String, Object>) parse(c.readLine()).get("event");
            assertEquals("dhcp", event.get("type"));
            assertEquals("bound", event.get("kind"));
            daemon.stop();
            Map<String, Object> state = (Map<String, Object>) parse(c.readLine()).get("event");
            assertEquals("state", state.get("type"));
            assertEquals("CONTEXT_DESTROYING", state.get("to"));
        }
    }

    @Test
    void aWatcherThatDoesNotReadIsDisconnectedWithoutSlowingTheDaemon() throws Exception {
        try (Client slow = new Client(socket); Client other = new Client(socket)) {
            slow.call("{\"version\":1,\"method\":\"watch\"}");
            String filler = "y".repeat(200);
            daemon.system().loop().submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    daemon.system().events().publish("test", "flood", filler);
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertTrue(other.call("{\"version\":1,\"method\":\"status\"}").containsKey("result"), "the daemon still answers");
            int lines = 0;
            while (slow.readLine() != null) {
                lines++;
            }
            assertTrue(lines < 20_000, "the slow watcher was cut off, it did not get all " + lines);
        }
    }

    @Test
    void theSocketFileIsOwnerOnlyAndALiveOneIsNotReplaced() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        LaunchException e = assertThrows(LaunchException.class, () -> launch(socket));
        assertEquals(1, e.exitCode().code());
        assertTrue(e.getMessage().contains("another lwsd is listening on " + socket), e.getMessage());
        try (Client c = new Client(socket)) {
            assertTrue(c.call("{\"version\":1,\"method\":\"status\"}").containsKey("result"), "the first daemon is untouched");
        }
    }

    @Test
    void aStaleSocketFileFromADeadDaemonIsReplaced() throws Exception {
        Path stale = tmp.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(stale));
        dead.close(); // the file stays behind, nobody listens
        assertTrue(Files.exists(stale));
        Lwsd second = launch(stale);
        try (Client c = new Client(stale)) {
            assertTrue(c.call("{\"version\":1,\"method\":\"status\"}").containsKey("result"));
        } finally {
            second.stop();
        }
        assertTrue(Files.notExists(stale), "removed at stop");
    }

    @Test
    void metricsAreServedOverHttpAndTheControlSocket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path other = tmp.resolve("metrics.sock");
        Lwsd withMetrics = launch(other, "metrics.listen=127.0.0.1:" + port);
        try {
            String http = httpGet(port, "/metrics");
            assertTrue(http.startsWith("HTTP/1.1 200 OK"), http);
            assertTrue(http.contains("application/openmetrics-text"), http);
            assertTrue(http.contains("lws_system_state{lws_system_state=\"OPERATIONAL\"} 1"), http);
            assertTrue(http.contains("lws_loop_tasks_total "), http);
            assertTrue(http.strip().endsWith("# EOF"), http);
            assertTrue(httpGet(port, "/nope").startsWith("HTTP/1.1 404"));
            try (Client c = new Client(other)) {
                String text = (String) ((Map<?, ?>) c.call("{\"version\":1,\"method\":\"metrics\"}").get("result")).get("text");
                assertTrue(text.contains("lws_apps{status=\"running\"} 1"), text);
            }
        } finally {
            withMetrics.stop();
        }
    }

    private static String httpGet(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aClientOfAnotherUserIsRefusedByPeerCredentials() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI runs as root: this test must not skip");
            }
            Assumptions.abort("needs root to connect as another user");
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String script = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                + "s.sendall(b'{\"version\":1,\"method\":\"status\"}\\n')\nprint(s.makefile().readline().strip())\n";
        Process p = new ProcessBuilder("runuser", "-u", "nobody", "--", "python3", "-c", script, socket.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(out.contains("permission-denied") && out.contains("user nobody may not use"), out);
    }
}
