package lws.system.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the control socket lives and how its file is created: with its final permissions before anyone
 * can connect (bound in a private 0700 directory, chmod-ed, then renamed into place), replacing a stale
 * file left by a dead daemon, refusing to replace the socket of a live one.
 */
public final class ControlSocketFile {
    private ControlSocketFile() {
    }

    /**
     * The default path: {@code /run/lwsd/control.sock} as root, else {@code $XDG_RUNTIME_DIR/lwsd.sock},
     * else {@code lwsd.sock} in the working directory.
     *
     * @return the default control socket path
     */
    public static Path defaultPath() {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/run/lwsd/control.sock");
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "lwsd.sock");
        }
        return Path.of("lwsd.sock").toAbsolutePath();
    }

    /**
     * Binds a listening socket at {@code path}.
     *
     * @param path the socket path
     * @param group the group to give read-write access (mode 0660), or "" for owner only (0600)
     * @return the bound, listening channel
     * @throws IOException if a live daemon already listens there, or the file cannot be created
     */
    public static ServerSocketChannel bind(Path path, String group) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (isLive(path)) {
                throw new IOException("another lwsd is listening on " + path);
            }
            Files.delete(path); // stale: left by a daemon that died
        }
        Path staging = Files.createTempDirectory(parent, ".lwsd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temporary = staging.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(temporary), 64);
            Files.setPosixFilePermissions(temporary,
                    PosixFilePermissions.fromString(group.isEmpty() ? "rw-------" : "rw-rw----"));
            if (!group.isEmpty()) {
                GroupPrincipal principal = parent.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(temporary, PosixFileAttributeView.class).setGroup(principal);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(staging);
        }
        return server;
    }

    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }
}
