package lws.system;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A protocol helper of the system context (DHCP, DNS, NTP), found with {@link java.util.ServiceLoader}:
 * declare it with {@code provides lws.system.SystemHelper with …}.
 *
 * <p>A helper lives on the system loop: every method is called on the loop thread and must not block.
 * It takes part in the state machine through holds ({@link SystemContext#hold}), publishes what it
 * learns to {@link SystemContext#network()} and {@link SystemContext#events()}, and may provide the
 * system resolver or time source.
 */
public interface SystemHelper {
    /** @return a short unique name: {@code "dhcp"}, {@code "dns"}, {@code "ntp"} */
    String name();

    /** @return the configuration keys this helper reads, validated by the daemon before start */
    default List<ConfigKey> configKeys() {
        return List.of();
    }

    /**
     * Starts the helper when the system is {@link lws.app.api.SystemState#INITIALIZED}: read the
     * configuration, open sockets, place holds. An exception stops the system's start.
     *
     * @param system the system context
     * @throws Exception if the helper cannot start
     */
    void start(SystemContext system) throws Exception;

    /**
     * Applies a reloaded configuration (lwsd re-reads its configuration on SIGHUP). The helper applies
     * what it can change live and returns the keys of its own that changed but need a restart. The new
     * configuration is already validated and installed ({@link SystemContext#config()}).
     *
     * @param previous the configuration before the reload
     * @param current the configuration now in force
     * @return the changed keys this helper could not apply live (empty by default: it applied all)
     */
    default Set<String> reconfigure(Config previous, Config current) {
        Set<String> unapplied = new TreeSet<>();
        for (ConfigKey key : configKeys()) {
            if (!previous.get(key.name()).equals(current.get(key.name()))) {
                unapplied.add(key.name());
            }
        }
        return unapplied;
    }

    /** Stops the helper: close sockets, cancel timers (and release a DHCP lease if configured to). */
    default void stop() {
    }

    /** @return one line for {@code lwsctl status}, e.g. {@code "bound 10.77.0.50/24 via lv-cli"} */
    default String summary() {
        return "";
    }

    /**
     * @return details for {@code lwsctl}: a map of strings, numbers, booleans, lists and maps of those
     */
    default Map<String, Object> status() {
        return Map.of();
    }

    /**
     * Writes the helper's counters and gauges.
     *
     * @param metrics where to write
     */
    default void metrics(Metrics metrics) {
    }
}
