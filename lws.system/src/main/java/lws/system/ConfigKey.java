package lws.system;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A configuration key that lwsd accepts: its name, default, meaning and the values it accepts. The core
 * declares its keys in {@link Config#CORE_KEYS}; each helper adds its own through
 * {@link SystemHelper#configKeys()}.
 *
 * @param name the key, e.g. {@code time.policy}
 * @param defaultValue the value when the key is not set ("" for none)
 * @param description one line for the configuration reference
 * @param accepted what values are accepted, in words, for error messages (e.g. {@code "host | ntp"})
 * @param validator true for an accepted value
 */
public record ConfigKey(String name, String defaultValue, String description, String accepted,
        Predicate<String> validator) {
    /** Checks for nulls and that the default is itself accepted. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(validator, "validator");
        if (!defaultValue.isEmpty() && !validator.test(defaultValue)) {
            throw new IllegalArgumentException(name + ": default '" + defaultValue + "' is not " + accepted);
        }
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param description the meaning
     * @return a key accepting any string
     */
    public static ConfigKey string(String name, String defaultValue, String description) {
        return new ConfigKey(name, defaultValue, description, "any text", v -> true);
    }

    /**
     * @param name the key
     * @param defaultValue the default, one of {@code values}
     * @param description the meaning
     * @param values the accepted values
     * @return a key accepting one of {@code values}
     */
    public static ConfigKey choice(String name, String defaultValue, String description, String... values) {
        List<String> list = Arrays.asList(values);
        return new ConfigKey(name, defaultValue, description, String.join(" | ", values), list::contains);
    }

    /**
     * @param name the key
     * @param defaultValue the default, e.g. {@code "100ms"}
     * @param description the meaning
     * @return a key accepting a non-negative duration such as {@code 250ms}, {@code 5s}, {@code 2m}
     */
    public static ConfigKey duration(String name, String defaultValue, String description) {
        return new ConfigKey(name, defaultValue, description, "a duration such as 250ms, 5s, 2m, 1h",
                v -> parseDuration(v) != null);
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param description the meaning
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return a key accepting an integer in {@code [min, max]}
     */
    public static ConfigKey integer(String name, String defaultValue, String description, long min, long max) {
        return new ConfigKey(name, defaultValue, description, "an integer from " + min + " to " + max, v -> {
            try {
                long n = Long.parseLong(v.trim());
                return n >= min && n <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param description the meaning
     * @return a key accepting {@code true} or {@code false}
     */
    public static ConfigKey bool(String name, String defaultValue, String description) {
        return choice(name, defaultValue, description, "true", "false");
    }

    /**
     * @param name the key
     * @param defaultValue the default
     * @param description the meaning
     * @return a key accepting a comma-separated list of {@code host[:port]} ({@code [v6]:port} for IPv6)
     */
    public static ConfigKey hostPorts(String name, String defaultValue, String description) {
        return new ConfigKey(name, defaultValue, description,
                "a comma-separated list of host[:port] (IPv6 as [::1]:5354)", v -> {
                    try {
                        HostPort.parseList(v, 1);
                        return true;
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                });
    }

    /**
     * Parses a duration: a number followed by {@code ms}, {@code s}, {@code m} or {@code h}; a bare
     * number is seconds; ISO-8601 ({@code PT5S}) is accepted too.
     *
     * @param text the text
     * @return the duration, or null if the text is not a non-negative duration
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                Duration d = Duration.parse(t);
                return d.isNegative() ? null : d;
            }
            int i = 0;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            if (i == 0) {
                return null;
            }
            double n = Double.parseDouble(t.substring(0, i));
            String unit = t.substring(i).trim();
            double nanos = switch (unit) {
                case "ms" -> n * 1e6;
                case "", "s" -> n * 1e9;
                case "m", "min" -> n * 60e9;
                case "h" -> n * 3600e9;
                default -> -1;
            };
            return nanos < 0 ? null : Duration.ofNanos((long) nanos);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
