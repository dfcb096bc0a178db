package lws.dhcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The persisted lease of one interface: {@code <dir>/<interface>.lease}, a few {@code key=value} lines
 * holding the DHCPACK as received (hex) and when its request was sent, so that a restart re-reads it
 * through the same strict parser. Writes are atomic: a temporary file in the same directory, fsync,
 * rename over the old file, fsync of the directory.
 *
 * <p>Threading: {@link #load()} on any thread (the helper calls it once at start); {@link #save} and
 * {@link #delete()} hand the file work to the executor given at construction, in order.
 */
final class LeaseStore {
    private static final Logger log = LoggerFactory.getLogger(LeaseStore.class);

    private final Path file;
    private final String interfaceName;
    private final Executor io;

    /**
     * @param dir the lease directory ({@code dhcp.lease-dir}); created when missing
     * @param interfaceName the interface
     * @param io where file work runs (a single thread keeps the order)
     */
    LeaseStore(Path dir, String interfaceName, Executor io) {
        this.file = dir.resolve(interfaceName + ".lease");
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.io = Objects.requireNonNull(io, "io");
    }

    /** @return the file path */
    Path file() {
        return file;
    }

    /** @return the persisted lease, if a well-formed one exists */
    Optional<DhcpLease> load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("dhcp {}: cannot read lease file {}: {}", interfaceName, file, e.getMessage());
            return Optional.empty();
        }
        String ack = null;
        Instant obtained = null;
        for (String line : lines) {
            if (line.startsWith("ack=")) {
                ack = line.substring(4).strip();
            } else if (line.startsWith("obtained-at=")) {
                obtained = Instant.parse(line.substring(12).strip());
            }
        }
        try {
            if (ack == null || obtained == null) {
                throw new IllegalArgumentException("missing ack= or obtained-at=");
            }
            DhcpMessage m = DhcpCodec.parseReply(HexFormat.of().parseHex(ack));
            if (m.type() != MessageType.ACK) {
                throw new IllegalArgumentException("stored message is a " + m.type());
            }
            return Optional.of(DhcpLease.fromAck(interfaceName, m, obtained));
        } catch (MalformedPacketException | RuntimeException e) {
            log.warn("dhcp {}: ignoring lease file {}: {}", interfaceName, file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Persists a lease atomically, in the background.
     *
     * @param lease the lease
     * @param ack the DHCPACK it came from
     */
    void save(DhcpLease lease, byte[] ack) {
        byte[] copy = ack.clone();
        // formatted on the io thread too: the first Instant.toString of a process initialises java.time's
        // formatters, milliseconds that would otherwise sit between the ACK and the published lease
        io.execute(() -> write(text(lease, copy).getBytes(StandardCharsets.US_ASCII)));
    }

    private String text(DhcpLease lease, byte[] ack) {
        return "# lwsd DHCP lease: " + lease + ", expires " + lease.expiresAt() + "\n"
                + "interface=" + interfaceName + "\n"
                + "obtained-at=" + lease.obtainedAt() + "\n"
                + "ack=" + HexFormat.of().formatHex(ack) + "\n";
    }

    /** Removes the persisted lease (after a NAK, expiry or release), in the background. */
    void delete() {
        io.execute(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("dhcp {}: cannot delete lease file {}: {}", interfaceName, file, e.getMessage());
            }
        });
    }

    private void write(byte[] content) {
        Path dir = file.getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            log.warn("dhcp {}: cannot persist lease to {}: {}", interfaceName, file, e.getMessage());
        }
    }
}
