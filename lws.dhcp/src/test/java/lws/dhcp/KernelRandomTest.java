package lws.dhcp;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelRandomTest {
    @Test
    void drawsFreshBitsFromTheKernel() {
        KernelRandom random = new KernelRandom();
        Set<Long> seen = new HashSet<>();
        long ones = 0;
        for (int i = 0; i < 64; i++) {
            long v = random.nextLong();
            seen.add(v);
            ones += Long.bitCount(v);
        }
        assertEquals(64, seen.size(), "64 draws of 64 bits never repeat");
        // 4096 fair bits: mean 2048, standard deviation 32; 10 sigma either way is a broken source
        assertTrue(ones > 1728 && ones < 2368, "bits set: " + ones);
        long bounded = random.nextLong(-1000, 1001);
        assertTrue(bounded >= -1000 && bounded <= 1000, "jitter range: " + bounded);
    }
}
