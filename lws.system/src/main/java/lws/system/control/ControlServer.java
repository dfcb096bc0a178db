package lws.system.control;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import lws.app.api.DnsAnswer;
import lws.app.api.Hold;
import lws.app.api.IpPrefix;
import lws.app.api.NetworkInfo;
import lws.app.api.TimeStatus;
import lws.system.AppHost;
import lws.system.AppInfo;
import lws.system.EventLoop;
import lws.system.StateTransition;
import lws.system.SystemContext;
import lws.system.SystemEvents;
import lws.system.SystemHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The control socket server (protocol in {@code docs/CONTROL.md}): accepts clients whose credentials
 * pass, answers line-delimited JSON requests, and streams state transitions and helper events to
 * watchers.
 *
 * <p>A request that is not JSON, names an unknown method or is too large gets an error reply; the daemon
 * is unaffected. Clients are checked with {@code SO_PEERCRED}: root, the daemon's user, or the
 * configured group. Loop thread only, except construction.
 */
public final class ControlServer {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final int VERSION = 1;

    private final SystemContext system;
    private final AppHost apps;
    private final Path path;
    private final String group;
    private final List<ControlConnection> connections = new ArrayList<>();
    private ServerSocketChannel server;
    private long droppedWatchers;

    /**
     * @param system the system to report on
     * @param apps its app host
     * @param path the socket path
     * @param group a group allowed to connect, or ""
     */
    public ControlServer(SystemContext system, AppHost apps, Path path, String group) {
        this.system = system;
        this.apps = apps;
        this.path = path;
        this.group = group;
    }

    /** @return the socket path */
    public Path path() {
        return path;
    }

    /**
     * Binds the socket and starts serving. Loop thread.
     *
     * @throws IOException if the socket cannot be created or a live daemon owns the path
     */
    public void start() throws IOException {
        EventLoop loop = system.loop();
        server = ControlSocketFile.bind(path, group);
        loop.register(server, "control", server, r -> accept());
        system.states().addListener(this::stateChanged);
        system.events().subscribe(this::eventPublished);
        log.info("control socket {}", path);
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            ControlConnection connection = new ControlConnection(this);
            connection.registration = system.loop().register(channel, "control client", connection, connection);
            connections.add(connection);
            String refusal = checkPeer(channel);
            if (!refusal.isEmpty()) {
                log.warn("control client refused: {}", refusal);
                connection.refuse(errorReply(null, "permission-denied", refusal));
            }
        }
    }

    private String checkPeer(SocketChannel channel) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (user.equals("root") || user.equals(System.getProperty("user.name"))
                    || (!group.isEmpty() && peer.group().getName().equals(group))) {
                return "";
            }
            return "user " + user + " may not use " + path;
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot read peer credentials: " + e.getMessage();
        }
    }

    void closed(ControlConnection connection) {
        connections.remove(connection);
    }

    void closeSoon(ControlConnection connection) {
        system.loop().schedule(Duration.ofSeconds(5), connection.registration::close);
    }

    void dropped(ControlConnection connection) {
        droppedWatchers++;
        log.warn("control client disconnected: more than {} bytes queued (it does not read)", ControlConnection.MAX_QUEUED);
    }

    /** Closes every client and the socket, and removes the socket file. Loop thread. */
    public void close() {
        for (ControlConnection c : List.copyOf(connections)) {
            c.registration.close();
        }
        if (server == null) {
            return; // never bound: the path may belong to another daemon
        }
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot remove control socket {}: {}", path, e.getMessage());
        }
    }

    // ---- requests

    void handle(ControlConnection connection, byte[] line) {
        Object id = null;
        try {
            Object parsed;
            try {
                parsed = Json.parse(line, line.length);
            } catch (IOException e) {
                connection.send(errorReply(null, "malformed-request", "not JSON: " + e.getMessage().lines().findFirst().orElse("")));
                return;
            }
            if (!(parsed instanceof Map<?, ?> request)) {
                connection.send(errorReply(null, "malformed-request", "a request is a JSON object"));
                return;
            }
            id = request.get("id");
            if (id != null && !(id instanceof Number) && !(id instanceof String)) {
                connection.send(errorReply(null, "malformed-request", "id must be a number or a string"));
                return;
            }
            if (!(request.get("version") instanceof Number version)) {
                connection.send(errorReply(id, "malformed-request", "missing numeric field 'version'"));
                return;
            }
            if (version.intValue() != VERSION || version.doubleValue() != VERSION) {
                connection.send(errorReply(id, "unsupported-version", "version " + version + " not supported; this daemon speaks " + VERSION));
                return;
            }
            if (!(request.get("method") instanceof String method)) {
                connection.send(errorReply(id, "malformed-request", "missing string field 'method'"));
                return;
            }
            Object params = request.containsKey("params") ? request.get("params") : Map.of();
            if (!(params instanceof Map<?, ?> paramMap)) {
                connection.send(errorReply(id, "malformed-request", "params must be an object"));
                return;
            }
            dispatch(connection, id, method, paramMap);
        } catch (RuntimeException e) {
            log.warn("control request failed", e);
            connection.send(errorReply(id, "failed", e.toString()));
        }
    }

    private void dispatch(ControlConnection c, Object id, String method, Map<?, ?> params) {
        switch (method) {
            case "status" -> c.send(reply(id, status()));
            case "apps" -> c.send(reply(id, Map.of("apps", apps())));
            case "metrics" -> c.send(reply(id, Map.of("text", OpenMetricsText.render(system, apps))));
            case "dns", "ntp", "dhcp" -> {
                SystemHelper helper = system.helper(method).orElse(null);
                if (helper == null) {
                    c.send(errorReply(id, "unavailable", "no " + method.toUpperCase() + " helper installed (module lws." + method + ")"));
                } else {
                    c.send(reply(id, helper.status()));
                }
            }
            case "resolve" -> resolve(c, id, params);
            case "watch" -> {
                c.watching = true;
                c.send(reply(id, Map.of("watching", true, "state", system.state().name())));
            }
            default -> c.send(errorReply(id, "no-such-method", "unknown method '" + method + "'"));
        }
    }

    private void resolve(ControlConnection c, Object id, Map<?, ?> params) {
        if (!(params.get("name") instanceof String name) || name.isBlank()) {
            c.send(errorReply(id, "invalid-params", "resolve needs params.name (a string)"));
            return;
        }
        Object typeParam = params.get("type");
        if (typeParam != null && !(typeParam instanceof String)) {
            c.send(errorReply(id, "invalid-params", "params.type must be a string such as \"A\""));
            return;
        }
        String type = typeParam == null ? "A" : (String) typeParam;
        if (!system.resolver().isAvailable()) {
            c.send(errorReply(id, "unavailable", "no DNS helper installed (module lws.dns)"));
            return;
        }
        system.resolver().lookup(name, type).whenComplete((answer, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                c.send(errorReply(id, "failed", String.valueOf(cause.getMessage())));
            } else {
                c.send(reply(id, answer(answer)));
            }
        });
    }

    private static Map<String, Object> answer(DnsAnswer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("type", a.type());
        m.put("records", a.records());
        m.put("ttlSeconds", a.ttl().toSeconds());
        m.put("fromCache", a.fromCache());
        return m;
    }

    private Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<StateTransition> history = system.states().history();
        Duration since = history.isEmpty() ? Duration.ZERO : history.getLast().sinceStart();
        Duration uptime = system.sinceStart();
        m.put("state", system.state().name());
        m.put("stateSinceMs", uptime.minus(since).toMillis());
        m.put("uptimeMs", uptime.toMillis());
        m.put("heldBy", system.states().heldBy());
        List<Object> holds = new ArrayList<>();
        for (Hold h : system.states().holds()) {
            holds.add(ordered("state", h.state().name(), "owner", h.owner()));
        }
        m.put("holds", holds);
        List<Object> steps = new ArrayList<>();
        for (StateTransition t : history) {
            steps.add(transition(t));
        }
        m.put("history", steps);
        List<Object> helpers = new ArrayList<>();
        for (SystemHelper h : system.helpers()) {
            helpers.add(ordered("name", h.name(), "summary", h.summary()));
        }
        m.put("helpers", helpers);
        m.put("apps", apps());
        m.put("network", network(system.network().current()));
        TimeStatus time = system.time().status();
        m.put("time", ordered("source", time.source(), "synced", time.synced(),
                "offsetMs", time.offset().toNanos() / 1e6, "lastSync", time.lastSync().toString()));
        return m;
    }

    /** @return a map with the given key/value pairs in this order (stable output for people and diffs) */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> transition(StateTransition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", t.from().name());
        m.put("to", t.to().name());
        m.put("ms", t.sinceStart().toMillis());
        m.put("wall", t.wallTime().toString());
        return m;
    }

    private static Map<String, Object> network(NetworkInfo n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interface", n.interfaceName());
        m.put("addresses", n.addresses().stream().map(IpPrefix::toString).toList());
        m.put("routers", n.routers().stream().map(InetAddress::getHostAddress).toList());
        m.put("dnsServers", n.dnsServers().stream().map(InetAddress::getHostAddress).toList());
        m.put("ntpServers", n.ntpServers().stream().map(InetAddress::getHostAddress).toList());
        m.put("searchDomains", n.searchDomains());
        m.put("source", n.source());
        return m;
    }

    private List<Object> apps() {
        List<Object> out = new ArrayList<>();
        for (AppInfo a : apps.apps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("module", a.module());
            m.put("origin", a.origin());
            m.put("startState", a.startState().name());
            m.put("status", a.status().name());
            m.put("reason", a.reason());
            out.add(m);
        }
        return out;
    }

    // ---- watchers

    private void stateChanged(StateTransition t) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "state");
        event.putAll(transition(t));
        broadcast(event);
    }

    private void eventPublished(SystemEvents.Event e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", e.source());
        event.put("kind", e.kind());
        event.put("message", e.message());
        event.put("ms", e.sinceStart().toMillis());
        event.put("wall", e.wallTime().toString());
        broadcast(event);
    }

    private void broadcast(Map<String, Object> event) {
        byte[] line = null;
        for (ControlConnection c : List.copyOf(connections)) {
            if (c.watching) {
                if (line == null) {
                    line = Json.write(Map.of("version", VERSION, "event", event));
                }
                c.send(line);
            }
        }
    }

    /** @return clients disconnected because they did not read */
    public long droppedClients() {
        return droppedWatchers;
    }

    // ---- replies

    static byte[] reply(Object id, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        if (id != null) {
            m.put("id", id);
        }
        m.put("result", result);
        return Json.write(m);
    }

    static byte[] errorReply(Object id, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        if (id != null) {
            m.put("id", id);
        }
        m.put("error", Map.of("code", code, "message", message));
        return Json.write(m);
    }

    /** The error codes of the protocol, for tests and documentation. */
    static final Set<String> ERROR_CODES = Set.of("malformed-request", "too-large", "unsupported-version",
            "no-such-method", "invalid-params", "unavailable", "failed", "permission-denied");
}
