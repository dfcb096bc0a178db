package lws.ntp;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a real peer's binary; skips the test when missing, except under CI=true where it fails. */
final class Peers {
    private Peers() {
    }

    /**
     * @param name the binary, e.g. {@code chronyd}
     * @return its path
     */
    static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String reason = name + " not installed (run .ci/peers.sh as root)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true: " + reason);
            }
            Assumptions.abort(reason);
        }
        return found.get();
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
