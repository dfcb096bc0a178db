package lws.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server address as configured: a host name or literal and a port, written {@code host},
 * {@code host:port}, {@code [v6]} or {@code [v6]:port}.
 *
 * @param host the host name or address literal (IPv6 without brackets)
 * @param port the port, 1–65535
 */
public record HostPort(String host, int port) {
    /** Checks the invariants. */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of 1..65535");
        }
    }

    /**
     * Parses one {@code host[:port]}.
     *
     * @param text the text
     * @param defaultPort the port when none is given
     * @return the parsed value
     * @throws IllegalArgumentException if malformed
     */
    public static HostPort parse(String text, int defaultPort) {
        String t = text.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']'");
            }
            String host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
            }
            return new HostPort(host, parsePort(text, rest.substring(1)));
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            return new HostPort(t, defaultPort);
        }
        if (t.indexOf(':', colon + 1) >= 0) {
            return new HostPort(t, defaultPort); // a bare IPv6 literal
        }
        return new HostPort(t.substring(0, colon), parsePort(text, t.substring(colon + 1)));
    }

    private static int parsePort(String text, String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': bad port '" + port + "'", e);
        }
    }

    /**
     * Parses a comma-separated list; blank entries are not allowed, an empty text is an empty list.
     *
     * @param text the text
     * @param defaultPort the port for entries without one
     * @return the entries in order
     * @throws IllegalArgumentException if an entry is malformed
     */
    public static List<HostPort> parseList(String text, int defaultPort) {
        List<HostPort> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in '" + text + "'");
            }
            out.add(parse(part, defaultPort));
        }
        return out;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
