package lws.bench.echomemory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java heap occupancy as {@code jcmd PID GC.heap_info} prints it, summed over the generations.
 *
 * @param usedKb bytes in use, KiB (after a full GC: the live set plus what the collector keeps in place)
 * @param committedKb bytes the heap has committed, KiB
 * @param start the lowest address of the heap's reservation
 * @param end the address just past the heap's reservation
 */
record HeapUsage(long usedKb, long committedKb, long start, long end) {
    /**
     * One line per heap or generation ({@code "DefNew total 2560K, used 12K [0x…, 0x…, 0x…)"},
     * {@code "garbage-first heap total reserved 65536K, committed 65536K, used 6443K [0x…, 0x…)"}); their
     * spaces and the metaspace are printed without "total".
     */
    private static final Pattern GENERATION = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K[^\\[\\n]*\\[([^)\\n]*)\\)");
    private static final Pattern ADDRESS = Pattern.compile("0x(\\p{XDigit}+)");

    HeapUsage {
        if (usedKb < 0 || committedKb < usedKb) {
            throw new IllegalArgumentException("heap used " + usedKb + "K of " + committedKb + "K committed");
        }
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("heap reservation " + Long.toHexString(start) + "-"
                    + Long.toHexString(end) + " is empty");
        }
    }

    /**
     * @param from the first address of a mapping
     * @param to the address just past it
     * @return true if the mapping lies inside the heap's reservation
     */
    boolean contains(long from, long to) {
        return Long.compareUnsigned(from, start) >= 0 && Long.compareUnsigned(to, end) <= 0;
    }

    /**
     * Parses the output of {@code GC.heap_info}.
     *
     * @param heapInfo the command's output
     * @return the sums over every generation line, and the range their addresses span
     * @throws IllegalArgumentException if the output names no generation
     */
    static HeapUsage parse(String heapInfo) {
        Matcher m = GENERATION.matcher(heapInfo);
        long used = 0;
        long committed = 0;
        long start = -1;
        long end = 0;
        int generations = 0;
        while (m.find()) {
            committed += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
            Matcher a = ADDRESS.matcher(m.group(3));
            while (a.find()) {
                long address = Long.parseUnsignedLong(a.group(1), 16);
                start = Long.compareUnsigned(address, start) < 0 ? address : start;
                end = Long.compareUnsigned(address, end) > 0 ? address : end;
            }
            generations++;
        }
        if (generations == 0) {
            throw new IllegalArgumentException("GC.heap_info: no \"total …K, used …K [addresses)\" line in:\n"
                    + heapInfo);
        }
        return new HeapUsage(used, committed, start, end);
    }
}
