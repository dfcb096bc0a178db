package lws.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for lwsd's control socket in tests: a real Unix-domain stream socket speaking docs/CONTROL.md
 * framing (one JSON object per line), replying with canned results per method and recording every request.
 * One thread per connection; replies are written exactly as given, so tests can also send malformed ones.
 */
final class FakeControlServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, Function<Object, List<String>>> replies = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FakeControlServer(Path path) throws IOException {
        this.path = path;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        acceptor = Thread.ofPlatform().daemon().name("fake-control-accept").start(this::accept);
    }

    /**
     * @param path where to bind (must not exist)
     * @return a listening server
     */
    static FakeControlServer start(Path path) throws IOException {
        return new FakeControlServer(path);
    }

    /** @return the socket path */
    Path path() {
        return path;
    }

    /** Replies to {@code method} with {@code {"version":1,"id":…,"result":resultJson}} (made one line). */
    FakeControlServer result(String method, String resultJson) {
        String line;
        try {
            line = Json.compact(Json.parse(resultJson));
        } catch (IOException e) {
            throw new UncheckedIOException("canned result for " + method + " is not JSON", e);
        }
        return raw(method, id -> List.of(reply(id, "\"result\":" + line)));
    }

    /** Replies to {@code method} with an error object. */
    FakeControlServer error(String method, String code, String message) {
        return raw(method, id -> List.of(reply(id, "\"error\":" + Json.compact(Map.of("code", code, "message", message)))));
    }

    /** Replies to {@code method} with the lines the function makes from the request id (JSON value). */
    FakeControlServer raw(String method, Function<Object, List<String>> lines) {
        replies.put(method, lines);
        return this;
    }

    /** @return a reply line for the request id with the given members after version and id */
    static String reply(Object id, String members) {
        return "{\"version\":1,\"id\":" + Json.compact(id) + "," + members + "}";
    }

    /** @return the requests received so far, parsed */
    List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                connections.add(c);
                Thread.ofPlatform().daemon().name("fake-control-conn").start(() -> serve(c));
            } catch (IOException closed) {
                return; // the test closed the server
            }
        }
    }

    /** Reads requests line by line; a reply marked by the line "CLOSE" closes the connection after the others. */
    @SuppressWarnings("unchecked")
    private void serve(SocketChannel c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8))) {
            OutputStream out = Channels.newOutputStream(c);
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> request = (Map<String, Object>) Json.parse(line);
                requests.add(request);
                Function<Object, List<String>> reply = replies.get(String.valueOf(request.get("method")));
                List<String> lines = reply == null
                        ? List.of(reply(request.get("id"), "\"error\":{\"code\":\"no-such-method\",\"message\":\"unknown method '"
                                + request.get("method") + "'\"}"))
                        : reply.apply(request.get("id"));
                for (String l : lines) {
                    if (l.equals("CLOSE")) {
                        return;
                    }
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (server.isOpen()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        acceptor.join(5_000);
        Files.deleteIfExists(path);
    }
}
