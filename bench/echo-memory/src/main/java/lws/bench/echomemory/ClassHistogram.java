package lws.bench.echomemory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live objects per class, as {@code jcmd PID GC.class_histogram} prints them (after a full GC).
 *
 * @param classes instances and bytes per class name (with its module, as printed)
 */
record ClassHistogram(Map<String, Row> classes) {
    /** {@code "   1:    10074    470368  [B (java.base@25)"}. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+?)\\s*$");

    ClassHistogram {
        classes = Map.copyOf(classes);
    }

    /**
     * One class's line.
     *
     * @param instances live instances
     * @param bytes their shallow size, bytes
     */
    record Row(long instances, long bytes) {
    }

    /**
     * One class's growth between two histograms.
     *
     * @param name the class name as printed
     * @param instances instances added (negative: removed)
     * @param bytes bytes added
     */
    record Delta(String name, long instances, long bytes) {
    }

    /**
     * Parses the output of {@code GC.class_histogram}.
     *
     * @param output the command's output
     * @return the histogram
     * @throws IllegalArgumentException if it has no class line
     */
    static ClassHistogram parse(String output) {
        Map<String, Row> classes = new HashMap<>();
        Matcher m = ROW.matcher(output);
        while (m.find()) {
            classes.merge(m.group(3), new Row(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                    (a, b) -> new Row(a.instances + b.instances, a.bytes + b.bytes));
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("GC.class_histogram: no class line in:\n" + output);
        }
        return new ClassHistogram(classes);
    }

    /**
     * @param before the earlier histogram
     * @param limit how many classes to return
     * @return the classes whose bytes grew most since {@code before}, largest first
     */
    List<Delta> growthSince(ClassHistogram before, int limit) {
        Objects.requireNonNull(before, "before");
        Row none = new Row(0, 0);
        return classes.entrySet().stream()
                .map(e -> {
                    Row was = before.classes.getOrDefault(e.getKey(), none);
                    return new Delta(e.getKey(), e.getValue().instances - was.instances,
                            e.getValue().bytes - was.bytes);
                })
                .filter(d -> d.bytes > 0)
                .sorted(Comparator.comparingLong(Delta::bytes).reversed())
                .limit(limit)
                .toList();
    }

    /** @return total bytes of every class */
    long totalBytes() {
        return classes.values().stream().mapToLong(Row::bytes).sum();
    }
}
