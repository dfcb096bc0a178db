package lws.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to completion and captures its output (stdout and stderr merged). Blocking:
 * appliers call it on their own executor, never on the loop.
 */
final class Commands {
    /**
     * A finished command.
     *
     * @param command the command line
     * @param exitCode its exit code (-1 when it timed out)
     * @param output what it printed
     */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited " + exitCode + (output.isBlank() ? "" : ": " + output.strip());
        }
    }

    private Commands() {
    }

    /**
     * @param command the command line
     * @param environment extra environment variables
     * @param timeout the longest run; the process is killed after it
     * @return the result
     * @throws IOException if it cannot be started
     */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(command, -1, out + " (killed after " + timeout.toMillis() + " ms)");
            }
            return new Result(command, p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
