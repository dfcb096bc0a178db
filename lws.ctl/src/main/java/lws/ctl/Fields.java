package lws.ctl;

import java.util.List;
import java.util.Map;

/**
 * Typed reads of reply members that tolerate a missing or ill-typed member (the renderers show what is
 * there; {@code --json} shows everything as received). Thread-safe.
 */
final class Fields {
    private Fields() {
    }

    /** @return the member as text, "" when absent or null */
    static String text(Map<?, ?> object, String name) {
        Object value = object.get(name);
        return value == null ? "" : String.valueOf(value);
    }

    /** @return the member as a long, or {@code fallback} when absent or not a number */
    static long number(Map<?, ?> object, String name, long fallback) {
        return object.get(name) instanceof Number n ? n.longValue() : fallback;
    }

    /** @return the member's objects when it is an array (other items skipped), else none */
    static List<Map<?, ?>> objects(Map<?, ?> object, String name) {
        if (!(object.get(name) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().<Map<?, ?>>mapMulti((item, sink) -> {
            if (item instanceof Map<?, ?> m) {
                sink.accept(m);
            }
        }).toList();
    }
}
