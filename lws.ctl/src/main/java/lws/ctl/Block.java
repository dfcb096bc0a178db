package lws.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labelled lines aligned like {@code timedatectl}'s: labels right-aligned to the longest one, then
 * {@code ": "}, then the value; a value of several lines continues under the first, in the value column.
 * Also renders any JSON value generically ({@link #of(Map)}, {@link #lines(Object)}): nested objects become
 * nested aligned blocks, arrays one line per item, arrays of objects YAML-like items ({@code - }).
 * Not thread-safe; build, print, discard.
 */
final class Block {
    /** Shown for null or an empty string. */
    static final String NOT_AVAILABLE = "n/a";
    /** Shown for an empty array or object. */
    static final String NONE = "none";

    private record Entry(String label, List<String> lines) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param label the label (printed right-aligned)
     * @param value the value, one line
     * @return this block
     */
    Block add(String label, String value) {
        return add(label, List.of(value));
    }

    /**
     * @param label the label (printed right-aligned)
     * @param lines the value's lines; none means {@link #NONE}
     * @return this block
     */
    Block add(String label, List<String> lines) {
        entries.add(new Entry(label, lines.isEmpty() ? List.of(NONE) : List.copyOf(lines)));
        return this;
    }

    /**
     * @param object a JSON object
     * @return a block with one entry per member, its value rendered by {@link #lines(Object)}
     */
    static Block of(Map<?, ?> object) {
        Block block = new Block();
        object.forEach((key, value) -> block.add(String.valueOf(key), lines(value)));
        return block;
    }

    /** @return the block's lines, without newlines */
    List<String> lines() {
        int width = 0;
        for (Entry e : entries) {
            width = Math.max(width, e.label().length());
        }
        String continuation = " ".repeat(width + 2);
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            String first = " ".repeat(width - e.label().length()) + e.label() + ": ";
            for (int i = 0; i < e.lines().size(); i++) {
                out.add(((i == 0 ? first : continuation) + e.lines().get(i)).stripTrailing());
            }
        }
        return out;
    }

    /**
     * Prints the block.
     *
     * @param out where to print
     */
    void print(PrintWriter out) {
        lines().forEach(out::println);
    }

    /**
     * Renders any JSON value for people: null and "" as {@link #NOT_AVAILABLE}, booleans as yes/no, numbers
     * and strings as they are, an empty array or object as {@link #NONE}, an object as a nested block, an
     * array of scalars one item per line, an array holding objects or arrays as {@code - } items.
     *
     * @param value a JSON value as parsed by {@link Json}
     * @return its lines (at least one)
     */
    static List<String> lines(Object value) {
        // instanceof, not a pattern switch: see Json#write
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? List.of(NONE) : of(map).lines();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? List.of(NONE) : items(list);
        }
        return List.of(scalar(value));
    }

    private static List<String> items(List<?> list) {
        boolean nested = list.stream().anyMatch(item -> item instanceof Map<?, ?> || item instanceof List<?>);
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            List<String> itemLines = lines(item);
            for (int i = 0; i < itemLines.size(); i++) {
                out.add(nested ? (i == 0 ? "- " : "  ") + itemLines.get(i) : itemLines.get(i));
            }
        }
        return out;
    }

    /**
     * @param value a JSON scalar (string, number, boolean) or null
     * @return it for people: {@link #NOT_AVAILABLE} for null or "", yes/no for booleans
     */
    static String scalar(Object value) {
        if (value == null || "".equals(value)) {
            return NOT_AVAILABLE;
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        return String.valueOf(value);
    }
}
