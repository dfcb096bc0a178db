package lws.dhcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.random.RandomGenerator;

/**
 * Random numbers from the kernel's generator, {@code /dev/urandom}, read afresh on every call (open,
 * read 8 bytes, close). The client draws one per exchange (the xid) and one per retransmission (the
 * jitter), so a few system calls each time cost nothing, whereas {@link java.security.SecureRandom},
 * which reads the same source, first sets up the JCA providers: 10-25 ms of a cold start measured
 * here. Any thread.
 */
final class KernelRandom implements RandomGenerator {
    private static final Path SOURCE = Path.of("/dev/urandom");

    /**
     * @return 64 random bits
     * @throws UncheckedIOException if {@code /dev/urandom} cannot be read
     */
    @Override
    public long nextLong() {
        ByteBuffer bits = ByteBuffer.allocate(Long.BYTES);
        try (FileChannel in = FileChannel.open(SOURCE, StandardOpenOption.READ)) {
            while (bits.hasRemaining()) {
                if (in.read(bits) < 0) {
                    throw new EOFException(SOURCE + " ended");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("dhcp: cannot read " + SOURCE, e);
        }
        return bits.getLong(0);
    }
}
