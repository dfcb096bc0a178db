package lws.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the daemon's control socket, speaking protocol version 1 ({@code docs/CONTROL.md}):
 * one JSON object per line in each direction, replies in request order.
 *
 * <p>Every step but {@link #nextEvent()} is bounded by the timeout given to {@link #connect}, so a hung
 * daemon cannot hang the caller: the socket is non-blocking and each wait is a {@link Selector#select(long)}
 * with the time left. Failures are {@link CtlException}s: {@link ExitCode#UNREACHABLE} when the daemon
 * cannot be reached or does not answer in time, {@link ExitCode#DAEMON_ERROR} for an error reply or a reply
 * that does not follow the protocol.
 *
 * <p>Threading: not thread-safe; one thread uses a client from {@link #connect} to {@link #close}.
 */
final class ControlClient implements AutoCloseable {
    /** The protocol version this client speaks. */
    static final int VERSION = 1;
    /** The longest line accepted from the daemon (the metrics text of a large daemon fits many times). */
    private static final int MAX_LINE = 16 << 20;

    private final Path path;
    private final Duration timeout;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer input = ByteBuffer.allocate(64 << 10).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private long nextId = 1;

    private ControlClient(Path path, Duration timeout, SocketChannel channel, Selector selector) throws IOException {
        this.path = path;
        this.timeout = timeout;
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
    }

    /**
     * Connects to the control socket.
     *
     * @param path the socket path
     * @param timeout the longest wait for the connection, and later for each reply
     * @return the connected client
     * @throws CtlException with {@link ExitCode#UNREACHABLE}, naming the path and the OS reason
     */
    static ControlClient connect(Path path, Duration timeout) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            selector = Selector.open();
            ControlClient client = new ControlClient(path, timeout, channel, selector);
            if (!channel.connect(UnixDomainSocketAddress.of(path))) {
                client.await(SelectionKey.OP_CONNECT, deadline, "connecting");
                channel.finishConnect();
            }
            return client;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector, e);
            if (e instanceof CtlException ctl) {
                throw ctl;
            }
            throw new CtlException(ExitCode.UNREACHABLE, "cannot connect to " + path + ": " + reason(e), e);
        }
    }

    /**
     * Sends one request and waits for its reply.
     *
     * @param method the method name
     * @param params the parameters (may be empty)
     * @return the reply's {@code result} object
     * @throws CtlException {@link ExitCode#DAEMON_ERROR} for an error reply ({@code <code>: <message>}) or a
     *         malformed one; {@link ExitCode#UNREACHABLE} if the daemon closes the connection or does not
     *         answer within the timeout
     */
    Map<String, Object> call(String method, Map<String, Object> params) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long id = nextId++;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("version", VERSION);
        request.put("id", id);
        request.put("method", Objects.requireNonNull(method, "method"));
        if (!params.isEmpty()) {
            request.put("params", params);
        }
        try {
            send((Json.compact(request) + "\n").getBytes(StandardCharsets.UTF_8), deadline);
            String text = readLine(deadline).orElseThrow(
                    () -> new CtlException(ExitCode.UNREACHABLE, path + ": lwsd closed the connection without a reply", null));
            return result(text, id);
        } catch (IOException e) {
            throw new CtlException(ExitCode.UNREACHABLE, path + ": " + reason(e), e);
        }
    }

    /**
     * Waits, with no time limit, for the next event of a {@code watch} stream.
     *
     * @return the {@code event} object, or empty when the daemon closed the connection
     * @throws CtlException {@link ExitCode#DAEMON_ERROR} for a line that is not an event;
     *         {@link ExitCode#UNREACHABLE} on a socket error
     */
    Optional<Map<String, Object>> nextEvent() {
        try {
            Optional<String> text = readLine(Long.MAX_VALUE);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> message = object(text.get());
            checkVersion(message);
            if (!(message.get("event") instanceof Map<?, ?> event)) {
                throw malformed("an event line has no \"event\" object");
            }
            return Optional.of(strings(event));
        } catch (IOException e) {
            throw new CtlException(ExitCode.UNREACHABLE, path + ": " + reason(e), e);
        }
    }

    private Map<String, Object> result(String text, long id) {
        Map<String, Object> reply = object(text);
        checkVersion(reply);
        Object echoed = reply.get("id");
        boolean matches = echoed instanceof Number n && n.longValue() == id;
        // An error without id is one the daemon could not tie to a request (e.g. permission-denied on accept).
        if (reply.get("error") instanceof Map<?, ?> error && (matches || echoed == null)) {
            throw new CtlException(ExitCode.DAEMON_ERROR, error.get("code") + ": " + error.get("message"), null);
        }
        if (!matches) {
            throw malformed("reply id " + echoed + " does not match request id " + id);
        }
        if (!(reply.get("result") instanceof Map<?, ?> result)) {
            throw malformed("the reply has neither \"result\" nor \"error\" object");
        }
        return strings(result);
    }

    private Map<String, Object> object(String text) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (IOException e) {
            throw malformed("not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed("not a JSON object");
        }
        return strings(map);
    }

    private void checkVersion(Map<String, Object> message) {
        if (!(message.get("version") instanceof Number version) || version.intValue() != VERSION) {
            throw malformed("protocol version " + message.get("version") + ", expected " + VERSION);
        }
    }

    /** Maps parsed by {@link Json} always have string keys; this re-types them without a copy. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> strings(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private CtlException malformed(String why) {
        return new CtlException(ExitCode.DAEMON_ERROR, "malformed-reply: " + path + ": " + why, null);
    }

    private void send(byte[] bytes, long deadline) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "sending the request");
            }
        }
    }

    /** @return the next line without its newline, or empty at end of stream before any byte of a line */
    private Optional<String> readLine(long deadline) throws IOException {
        while (true) {
            int start = input.position();
            for (int i = start; i < input.limit(); i++) {
                if (input.get(i) == '\n') {
                    line.write(input.array(), start, i - start);
                    input.position(i + 1);
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    return Optional.of(text);
                }
            }
            line.write(input.array(), start, input.remaining());
            if (line.size() > MAX_LINE) {
                throw malformed("a line longer than " + (MAX_LINE >> 20) + " MiB");
            }
            input.clear();
            int n = channel.read(input);
            input.flip();
            if (n < 0) {
                if (line.size() > 0) {
                    throw malformed("the connection closed in the middle of a line");
                }
                return Optional.empty();
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline, "waiting for the reply");
            }
        }
    }

    private void await(int operation, long deadline, String doing) throws IOException {
        key.interestOps(operation);
        try {
            while (true) {
                long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    throw new CtlException(ExitCode.UNREACHABLE, path + ": no answer within "
                            + timeout.toMillis() + " ms while " + doing, null);
                }
                // select(0) waits without limit; a positive wait is at least 1 ms
                if (selector.select(deadline == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) > 0) {
                    selector.selectedKeys().clear();
                    return;
                }
            }
        } finally {
            key.interestOps(0);
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(SocketChannel channel, Selector selector, Exception failure) {
        for (AutoCloseable c : new AutoCloseable[] {selector, channel}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Closes the connection (a {@code watch} stream ends on the daemon's side too). Idempotent. */
    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new CtlException(ExitCode.UNREACHABLE, path + ": closing: " + reason(e), e);
        }
    }
}
