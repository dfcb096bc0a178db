package lws.system.control;

import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.system.AppHost;
import lws.system.HostPort;
import lws.system.SystemContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 endpoint for Prometheus: {@code GET /metrics} answers the OpenMetrics text (the
 * same as {@code lwsctl metrics}), anything else 404 or 405; one request per connection. A request head
 * longer than {@value #MAX_HEAD} bytes is answered 431 and closed. Loop thread only.
 */
public final class MetricsHttpServer {
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    static final int MAX_HEAD = 8 * 1024;
    private static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final SystemContext system;
    private final AppHost apps;
    private ServerSocketChannel server;

    /**
     * @param system the system to report on
     * @param apps its app host
     */
    public MetricsHttpServer(SystemContext system, AppHost apps) {
        this.system = system;
        this.apps = apps;
    }

    /**
     * Binds and serves. Loop thread.
     *
     * @param listen the address, e.g. {@code 127.0.0.1:9464}
     * @return the bound address (port 0 picks a free port)
     * @throws IOException if it cannot bind
     */
    public InetSocketAddress start(HostPort listen) throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(listen.host(), listen.port()), 16);
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        system.loop().register(server, "metrics-http", server, r -> {
            SocketChannel c;
            while ((c = server.accept()) != null) {
                system.loop().register(c, "metrics-http client", ByteBuffer.allocate(MAX_HEAD), new Exchange());
            }
        });
        log.info("metrics on http://{}:{}/metrics", bound.getAddress().getHostAddress(), bound.getPort());
        return bound;
    }

    /** Closes the listener. Loop thread. */
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            log.debug("closing metrics listener failed", e);
        }
    }

    /** One request: read the head, answer, close after the answer is written. */
    private final class Exchange implements SocketHandler<ByteBuffer> {
        private ByteBuffer response;

        @Override
        public void onReadable(SocketRegistration<ByteBuffer> r) throws IOException {
            ByteBuffer head = r.state();
            if (((SocketChannel) r.channel()).read(head) < 0) {
                r.close();
                return;
            }
            String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                if (!head.hasRemaining()) {
                    respond(r, "431 Request Header Fields Too Large", "text/plain", "request head too large\n");
                }
                return;
            }
            String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
            if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
                respond(r, "400 Bad Request", "text/plain", "bad request line\n");
            } else if (!requestLine[0].equals("GET") && !requestLine[0].equals("HEAD")) {
                respond(r, "405 Method Not Allowed", "text/plain", "only GET\n");
            } else if (!requestLine[1].equals("/metrics")) {
                respond(r, "404 Not Found", "text/plain", "try /metrics\n");
            } else {
                respond(r, "200 OK", CONTENT_TYPE, OpenMetricsText.render(system, apps));
            }
        }

        private void respond(SocketRegistration<ByteBuffer> r, String status, String type, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + content.length
                    + "\r\nConnection: close\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            response = ByteBuffer.allocate(h.length + content.length).put(h).put(content).flip();
            r.readInterest(false);
            onWritable(r);
        }

        @Override
        public void onWritable(SocketRegistration<ByteBuffer> r) throws IOException {
            if (response != null && r.write(response)) {
                r.close();
            }
        }
    }
}
