package lws.dns;

import java.security.SecureRandom;

/**
 * Unpredictable numbers for query ids and socket choice: bytes drawn from {@link SecureRandom} a block at a
 * time, so a query costs no system call. Loop thread only.
 */
final class RandomSource {
    private final SecureRandom secure = new SecureRandom();
    private final byte[] block = new byte[4096];
    private int next = block.length;

    /** @return a uniformly random 16-bit value */
    int next16() {
        if (next + 2 > block.length) {
            secure.nextBytes(block);
            next = 0;
        }
        int v = ((block[next] & 0xff) << 8) | (block[next + 1] & 0xff);
        next += 2;
        return v;
    }

    /**
     * @param bound the exclusive upper bound, 1 to 65536
     * @return a uniformly random value in {@code [0, bound)}
     */
    int nextInt(int bound) {
        if (bound <= 1) {
            return 0;
        }
        int limit = 65536 - 65536 % bound;
        int v;
        do {
            v = next16();
        } while (v >= limit);
        return v % bound;
    }
}
