package lws.bench.echomemory;

import java.util.Objects;

/**
 * The daemon's memory at one point of the run, taken right after a full GC.
 *
 * @param label what the client had done when the sample was taken
 * @param connections connections the client held open (each one echoed its message)
 * @param daemonFds file descriptors the daemon had open ({@code /proc/PID/fd})
 * @param threads the daemon's thread count
 * @param vmRssKb resident set, KiB ({@code VmRSS})
 * @param rssAnonKb anonymous resident memory, KiB ({@code RssAnon}: heap, metaspace, code, malloc, stacks)
 * @param heapRssKb resident memory inside the Java heap's reservation, KiB (pages the heap has touched
 *        and not given back: at least the used part, at most the committed part)
 * @param trimmedKb native memory freed by the daemon but kept by the C library's allocator, which the trim
 *        before this sample gave back to the kernel, KiB (VmRSS + trimmedKb: what an untrimmed process shows)
 * @param heap the Java heap after the GC
 */
record Sample(String label, int connections, int daemonFds, int threads, long vmRssKb, long rssAnonKb,
        long heapRssKb, long trimmedKb, HeapUsage heap) {
    Sample {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(heap, "heap");
        if (connections < 0 || daemonFds < 0 || threads < 0 || vmRssKb < 0 || rssAnonKb < 0 || heapRssKb < 0
                || trimmedKb < 0) {
            throw new IllegalArgumentException(label + ": negative figure");
        }
    }
}
