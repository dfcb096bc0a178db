package lws.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daemon's validated configuration: a set of declared {@link ConfigKey}s and the values given for
 * them in a file ({@code key = value} lines, {@code #} comments) and {@code --set key=value} overrides.
 * Unknown keys and bad values are refused with a {@link ConfigException} naming the key. Keys under an
 * app's name ({@code echo.port}) are accepted for the apps given as {@code appPrefixes}.
 *
 * <p>Immutable; thread-safe.
 */
public final class Config {
    /** Keys of the core and the daemon. */
    public static final List<ConfigKey> CORE_KEYS = List.of(
            ConfigKey.string("control.socket", "",
                    "control socket path; empty: /run/lwsd/control.sock as root, else $XDG_RUNTIME_DIR/lwsd.sock, else ./lwsd.sock"),
            ConfigKey.string("control.group", "", "group given read-write access to the control socket (0660); empty: owner only (0600)"),
            ConfigKey.string("plugins.dir", "", "directory of plug-in apps (each a jar or a folder of jars); empty: none"),
            ConfigKey.string("plugins.required", "", "comma-separated app names that must load, or lwsd refuses to start"),
            ConfigKey.duration("plugins.stop-timeout", "2s", "how long lwsd waits for all apps to stop at shutdown"),
            ConfigKey.duration("loop.stall-threshold", "100ms", "report a callback holding the loop longer than this (0: off)"),
            ConfigKey.choice("time.policy", "host",
                    "host: trust the host clock for TIME_VALID; ntp: hold TIME_VALID until an NTP sample is validated",
                    "host", "ntp"),
            ConfigKey.string("dhcp.interface", "", "interface to configure with DHCP; empty: the host manages interfaces (DHCP step skipped)"),
            ConfigKey.hostPorts("dns.servers", "", "DNS servers host[:port], in order; empty: from DHCP, else /etc/resolv.conf"),
            ConfigKey.hostPorts("ntp.servers", "", "NTP servers host[:port], in order; empty: from DHCP option 42, else none"),
            ConfigKey.hostPorts("metrics.listen", "", "serve OpenMetrics over HTTP at host:port (e.g. 127.0.0.1:9464); empty: off"));

    private final Map<String, ConfigKey> keys;
    private final Map<String, String> values;

    private Config(Map<String, ConfigKey> keys, Map<String, String> values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * Validates {@code given} against {@code declared} keys.
     *
     * @param declared every key the daemon accepts
     * @param appPrefixes app names whose {@code name.*} keys are accepted as free text
     * @param given the values, in the order given (later wins)
     * @return the configuration
     * @throws ConfigException for an unknown key or a bad value
     */
    public static Config of(Collection<ConfigKey> declared, Collection<String> appPrefixes, Map<String, String> given) {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        for (ConfigKey key : declared) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("configuration key declared twice: " + key.name());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            ConfigKey key = keys.get(name);
            if (key == null) {
                if (!isAppKey(name, appPrefixes)) {
                    throw new ConfigException("unknown configuration key '" + name + "' (known keys: "
                            + String.join(", ", new TreeMap<>(keys).keySet()) + ", and <app>.* for loaded apps)");
                }
            } else if (!value.isEmpty() && !key.validator().test(value)) {
                throw new ConfigException("bad value '" + value + "' for " + name + ": expected " + key.accepted());
            }
            values.put(name, value.trim());
        });
        return new Config(keys, values);
    }

    private static boolean isAppKey(String name, Collection<String> appPrefixes) {
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 && appPrefixes.contains(name.substring(0, dot));
    }

    /** @return a configuration of the core keys with their defaults (for tests and embedding) */
    public static Config defaults() {
        return of(CORE_KEYS, List.of(), Map.of());
    }

    /**
     * Reads {@code key = value} lines; blank lines and lines starting with {@code #} are skipped.
     *
     * @param file the file
     * @param into where to put the values, in file order
     * @throws ConfigException if the file cannot be read or a line is not {@code key = value}
     */
    public static void readFile(Path file, Map<String, String> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + ":" + (i + 1) + ": expected 'key = value', got '" + line + "'");
            }
            into.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
    }

    /**
     * Parses one {@code key=value} override.
     *
     * @param assignment the text after {@code --set}
     * @param into where to put it
     * @throws ConfigException if there is no {@code =}
     */
    public static void parseAssignment(String assignment, Map<String, String> into) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set expects key=value, got '" + assignment + "'");
        }
        into.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip());
    }

    /**
     * Returns a copy with one more value, validated like the others.
     *
     * @param key a declared key
     * @param value its value
     * @return the new configuration
     */
    public Config with(String key, String value) {
        Map<String, String> given = new LinkedHashMap<>(values);
        given.put(key, value);
        List<String> prefixes = new ArrayList<>();
        values.keySet().stream().filter(k -> !keys.containsKey(k)).forEach(k -> prefixes.add(k.substring(0, k.indexOf('.'))));
        return of(keys.values(), prefixes, given);
    }

    /**
     * @param key a declared key
     * @return its value, or its default when not set
     * @throws IllegalArgumentException if the key is not declared
     */
    public String get(String key) {
        ConfigKey declared = keys.get(key);
        if (declared == null) {
            throw new IllegalArgumentException("undeclared configuration key: " + key);
        }
        String value = values.get(key);
        return value == null || value.isEmpty() ? declared.defaultValue() : value;
    }

    /**
     * @param key any key, declared or an app's
     * @return the value given, if any
     */
    public Optional<String> given(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * @param key a declared duration key
     * @return its value
     */
    public Duration duration(String key) {
        Duration d = ConfigKey.parseDuration(get(key));
        if (d == null) {
            throw new IllegalArgumentException(key + " has no duration value");
        }
        return d;
    }

    /**
     * @param key a declared integer key
     * @return its value
     */
    public long integer(String key) {
        return Long.parseLong(get(key).trim());
    }

    /**
     * @param key a declared boolean key
     * @return its value
     */
    public boolean bool(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    /**
     * @param key a declared key with a comma-separated value
     * @return the non-blank entries, trimmed
     */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : get(key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /**
     * @param key a declared {@code host[:port]} list key
     * @param defaultPort the port for entries without one
     * @return the servers in order
     */
    public List<HostPort> servers(String key, int defaultPort) {
        return HostPort.parseList(get(key), defaultPort);
    }

    /** @return every declared key, in declaration order */
    public Collection<ConfigKey> keys() {
        return keys.values();
    }

    /** @return every value given explicitly, in order */
    public Map<String, String> givenValues() {
        return Map.copyOf(values);
    }
}
