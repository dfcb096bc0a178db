package lws.bench.echomemory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of jcmd output captured from Temurin 25.0.3 (the daemon and a G1 JVM). */
class JcmdOutputTest {
    private static final String SERIAL = """
            22830:
            Command executed successfully
            Trim native heap: RSS+Swap: 57672K->57164K (-508K)
            DefNew     total 2560K, used 12K [0x00000000f8000000, 0x00000000f82c0000, 0x00000000faaa0000)
             eden space 2304K,   0% used [0x00000000f8000000, 0x00000000f8003020, 0x00000000f8240000)
             from space 256K,   0% used [0x00000000f8240000, 0x00000000f8240000, 0x00000000f8280000)
             to   space 256K,   0% used [0x00000000f8280000, 0x00000000f8280000, 0x00000000f82c0000)
            Tenured    total 5504K, used 1927K [0x00000000faaa0000, 0x00000000fb000000, 0x0000000100000000)
             the  space 5504K,  35% used [0x00000000faaa0000, 0x00000000fac81eb8, 0x00000000fb000000)
            """;
    private static final String G1 = """
            23005:
            garbage-first heap   total reserved 65536K, committed 65536K, used 6443K [0x00000000fc000000, 0x0000000100000000)
             region size 1024K, 5 young (5120K), 2 survivors (2048K)
            """;

    @Test
    void sumsTheGenerationsOfSerialAndSpansTheirReservation() {
        HeapUsage heap = HeapUsage.parse(SERIAL);
        assertEquals(12 + 1927, heap.usedKb());
        assertEquals(2560 + 5504, heap.committedKb());
        assertEquals(0xf8000000L, heap.start());
        assertEquals(0x100000000L, heap.end());
        assertTrue(heap.contains(0xf8000000L, 0xf82c0000L));
        assertFalse(heap.contains(0xf7fff000L, 0xf8001000L));
    }

    @Test
    void readsTheSingleG1Line() {
        HeapUsage heap = HeapUsage.parse(G1);
        assertEquals(6443, heap.usedKb());
        assertEquals(65536, heap.committedKb());
        assertEquals(0xfc000000L, heap.start());
        assertEquals(0x100000000L, heap.end());
    }

    @Test
    void refusesOutputWithoutAHeap() {
        assertThrows(IllegalArgumentException.class, () -> HeapUsage.parse("22830:\nCommand executed successfully\n"));
    }

    @Test
    void readsWhatTheTrimGaveBackInAnyUnit() {
        assertEquals(508, DaemonProbe.trimmedKb(SERIAL));
        assertEquals(1024, DaemonProbe.trimmedKb("Trim native heap: RSS+Swap: 101M->100M (-1M)"));
        assertEquals(0, DaemonProbe.trimmedKb("Trim native heap: RSS+Swap: 1000K->1200K (+200K)"));
        assertThrows(IllegalArgumentException.class, () -> DaemonProbe.trimmedKb("Trim native heap: not supported"));
    }

    @Test
    void ranksTheClassesThatGrew() {
        ClassHistogram before = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         10074         470368  [B (java.base@25.0.3)
                   2:          2114         277184  java.lang.Class (java.base@25.0.3)
                   3:          9896         237504  java.lang.String (java.base@25.0.3)
                Total         22084         985056
                """);
        ClassHistogram after = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         10074         470368  [B (java.base@25.0.3)
                   2:         10000        1120000  sun.nio.ch.SocketChannelImpl (java.base@25.0.3)
                   3:          2114         277184  java.lang.Class (java.base@25.0.3)
                   4:          9900         237600  java.lang.String (java.base@25.0.3)
                   5:         10000         480000  lws.system.LoopRegistration (lws.system@0.1.0-SNAPSHOT)
                Total         42088        2585152
                """);
        List<ClassHistogram.Delta> grown = after.growthSince(before, 2);
        assertEquals(List.of(
                new ClassHistogram.Delta("sun.nio.ch.SocketChannelImpl (java.base@25.0.3)", 10000, 1120000),
                new ClassHistogram.Delta("lws.system.LoopRegistration (lws.system@0.1.0-SNAPSHOT)", 10000, 480000)),
                grown);
        assertEquals(1120000 + 480000 + 96, after.totalBytes() - before.totalBytes());
    }

    @Test
    void readsNativeMemoryByCategory() {
        NativeMemory nmt = NativeMemory.parse("""
                Native Memory Tracking:

                (Omitting categories weighting less than 1KB)

                Total: reserved=1537190KB, committed=44530KB
                       malloc: 11074KB #13919, peak=10829KB #13921
                       mmap:   reserved=1526116KB, committed=33456KB

                -                 Java Heap (reserved=131072KB, committed=8192KB)
                                            (mmap: reserved=131072KB, committed=8192KB, at peak)

                -                  Compiler (reserved=202KB, committed=202KB)
                                            (malloc=6KB tag=Compiler #51) (at peak)
                                            (arena=196KB #6) (peak=7825KB #13)
                """);
        assertEquals(List.of("Total", "malloc", "Java Heap", "Compiler"), List.copyOf(nmt.committedKb().keySet()));
        assertEquals(44530L, nmt.committedKb().get("Total"));
        assertEquals(11074L, nmt.committedKb().get("malloc"));
        assertEquals(202L, nmt.committedKb().get("Compiler"));
        assertThrows(IllegalArgumentException.class,
                () -> NativeMemory.parse("Native memory tracking is not enabled"));
    }
}
