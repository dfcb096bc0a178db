package lws.bench.echomemory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's native memory as Native Memory Tracking counts it ({@code jcmd PID VM.native_memory summary},
 * daemon started with {@code -XX:NativeMemoryTracking=summary}).
 *
 * @param committedKb committed KiB per category in the order printed: "Total", "malloc" (live malloc'd
 *        bytes, all categories), then "Java Heap", "Class", "Thread", "Code", "Compiler", …
 */
record NativeMemory(Map<String, Long> committedKb) {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern MALLOC = Pattern.compile("(?m)^\\s+malloc: (\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB");

    NativeMemory {
        committedKb = Collections.unmodifiableMap(new LinkedHashMap<>(committedKb));
    }

    /**
     * Parses the output of {@code VM.native_memory summary}.
     *
     * @param output the command's output
     * @return committed KiB per category
     * @throws IllegalArgumentException if there is no total (NMT off)
     */
    static NativeMemory parse(String output) {
        Matcher total = TOTAL.matcher(output);
        if (!total.find()) {
            throw new IllegalArgumentException("VM.native_memory: no total (is the daemon running with"
                    + " -XX:NativeMemoryTracking=summary?):\n" + output);
        }
        Map<String, Long> committed = new LinkedHashMap<>();
        committed.put("Total", Long.parseLong(total.group(1)));
        Matcher malloc = MALLOC.matcher(output);
        if (malloc.find()) {
            committed.put("malloc", Long.parseLong(malloc.group(1)));
        }
        Matcher m = CATEGORY.matcher(output);
        while (m.find()) {
            committed.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new NativeMemory(committed);
    }
}
