package lws.bench.echomemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples the memory of the daemon process from outside: {@code jcmd PID GC.run} (a full, stop-the-world
 * collection), {@code System.trim_native_heap} (the C library gives memory the JVM freed, e.g. the JIT
 * compilers' arenas, back to the kernel: the native analogue of the GC), {@code GC.heap_info}, then {@code /proc/PID/smaps} (the resident part of the heap's
 * reservation), {@code /proc/PID/status} and {@code /proc/PID/fd}.
 *
 * <p>Both jcmd commands run in one attach ({@code jcmd PID -f FILE}). The first attach starts the daemon's
 * "Attach Listener" thread, which then stays: sample once before the baseline so that it is in every
 * figure. Not thread-safe; one caller.
 */
final class DaemonProbe {
    private static final long JCMD_TIMEOUT_SECONDS = 60;
    /** The first line of a mapping in {@code /proc/PID/smaps}: {@code start-end perms offset …}. */
    private static final Pattern TRIM = Pattern.compile("RSS\\+Swap: (\\d+)([BKMG])->(\\d+)([BKMG])");
    private static final Pattern MAPPING = Pattern.compile("(\\p{XDigit}+)-(\\p{XDigit}+) ");

    private final long pid;
    private final Path jcmd;
    private final Path commands;

    /**
     * @param pid the daemon's process id (a JVM of the same user)
     * @param jcmd the {@code jcmd} of the daemon's JDK
     * @throws IOException if the command file cannot be written
     */
    DaemonProbe(long pid, Path jcmd) throws IOException {
        this.pid = pid;
        this.jcmd = Objects.requireNonNull(jcmd, "jcmd");
        this.commands = Files.createTempFile("lws-echo-memory-", ".jcmd");
        this.commands.toFile().deleteOnExit();
        Files.writeString(commands, "GC.run\nSystem.trim_native_heap\nGC.heap_info\n", StandardCharsets.US_ASCII);
    }

    /**
     * Takes a class histogram (which runs a full GC first).
     *
     * @return the live objects per class
     * @throws IOException if jcmd fails
     * @throws InterruptedException if interrupted while jcmd runs
     */
    ClassHistogram histogram() throws IOException, InterruptedException {
        return ClassHistogram.parse(jcmd("GC.class_histogram"));
    }

    /**
     * Reads Native Memory Tracking's summary (no GC).
     *
     * @return committed native memory per category
     * @throws IOException if jcmd fails, e.g. when the daemon runs without NMT
     * @throws InterruptedException if interrupted while jcmd runs
     */
    NativeMemory nativeMemory() throws IOException, InterruptedException {
        return NativeMemory.parse(jcmd("VM.native_memory", "summary"));
    }

    /**
     * Collects the daemon's heap and samples its memory.
     *
     * @param label what the client has done
     * @param connections connections the client holds open
     * @return the sample
     * @throws IOException if the daemon is gone or jcmd fails
     * @throws InterruptedException if interrupted while jcmd runs
     */
    Sample sample(String label, int connections) throws IOException, InterruptedException {
        String output = jcmd("-f", commands.toString());
        HeapUsage heap = HeapUsage.parse(output);
        long trimmed = trimmedKb(output);
        long heapRss = residentInside(heap);
        List<String> status = Files.readAllLines(proc("status"));
        int fds;
        try (Stream<Path> entries = Files.list(proc("fd"))) {
            fds = Math.toIntExact(entries.count());
        }
        return new Sample(label, connections, fds, (int) field(status, "Threads:"), field(status, "VmRSS:"),
                field(status, "RssAnon:"), heapRss, trimmed, heap);
    }

    /**
     * Parses {@code "Trim native heap: RSS+Swap: 75172K->66204K (-8968K)"} (units B, K, M or G, whichever
     * HotSpot finds proper).
     *
     * @param output the output of {@code System.trim_native_heap}, among others
     * @return how much the trim reduced RSS+Swap, KiB; 0 if it grew meanwhile
     * @throws IllegalArgumentException if there is no trim line (e.g. not glibc)
     */
    static long trimmedKb(String output) {
        Matcher m = TRIM.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("System.trim_native_heap: no \"RSS+Swap: a->b\" line in:\n" + output);
        }
        return Math.max(0, kib(m.group(1), m.group(2)) - kib(m.group(3), m.group(4)));
    }

    private static long kib(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "B" -> n / 1024;
            case "K" -> n;
            case "M" -> n * 1024;
            case "G" -> n * 1024 * 1024;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    /** @return the summed {@code Rss} of the mappings in {@code /proc/PID/smaps} inside the heap, KiB */
    private long residentInside(HeapUsage heap) throws IOException {
        long kb = 0;
        boolean inside = false;
        for (String line : Files.readAllLines(proc("smaps"))) {
            Matcher mapping = MAPPING.matcher(line);
            if (mapping.lookingAt()) {
                inside = heap.contains(Long.parseUnsignedLong(mapping.group(1), 16),
                        Long.parseUnsignedLong(mapping.group(2), 16));
            } else if (inside && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return kb;
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + ": no answer in " + JCMD_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }

    private Path proc(String entry) throws IOException {
        Path path = Path.of("/proc", Long.toString(pid), entry);
        if (!Files.exists(path)) {
            throw new IOException("daemon " + pid + " is gone (no " + path + ")");
        }
        return path;
    }

    /** @return the number after {@code name} in a {@code /proc/PID/status} line (kB for sizes) */
    private long field(List<String> status, String name) throws IOException {
        for (String line : status) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(words[0]);
            }
        }
        throw new IOException("/proc/" + pid + "/status: no " + name + " line");
    }
}
