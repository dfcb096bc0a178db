package lws.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small configuration file (resolv.conf, hosts) re-read when its modification time or size changes,
 * as glibc does before each lookup; here {@link #poll()} is called on a timer. A missing or unreadable
 * file reads as {@code empty}. Reading such a file takes microseconds, so it is done on the loop.
 * Loop thread only.
 *
 * @param <T> the parsed form
 */
final class WatchedFile<T> {
    private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);

    private final Path path;
    private final Function<String, T> parser;
    private final T empty;
    private Object stamp = "unread";
    private T value;

    /**
     * @param path the file; an empty path means "no file"
     * @param parser turns the contents into {@code T}
     * @param empty the value of a missing file
     */
    WatchedFile(Path path, Function<String, T> parser, T empty) {
        this.path = path;
        this.parser = parser;
        this.empty = empty;
        this.value = empty;
    }

    /** @return the value as last read */
    T value() {
        return value;
    }

    /** @return the file's path */
    Path path() {
        return path;
    }

    /**
     * Reads the file if it changed since the last call.
     *
     * @return true if the value was (re)read
     */
    boolean poll() {
        if (path.toString().isEmpty()) {
            return false;
        }
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            now = a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            now = "missing";
        } catch (IOException e) {
            now = "unreadable " + e.getMessage();
        }
        if (Objects.equals(now, stamp)) {
            return false;
        }
        stamp = now;
        try {
            value = parser.apply(Files.readString(path));
        } catch (IOException e) {
            log.debug("dns: cannot read {}: {}", path, e.toString());
            value = empty;
        }
        return true;
    }
}
