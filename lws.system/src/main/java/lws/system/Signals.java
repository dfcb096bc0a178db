package lws.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling for the daemon. {@code sun.misc.Signal} (module {@code jdk.unsupported})
 * lets the daemon stop cleanly and exit 0; a shutdown hook alone would make the JVM exit 143.
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Runs {@code action} (on a JVM signal thread) when SIGTERM or SIGINT arrives.
     *
     * @param action what to do; must return quickly
     */
    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("SIG{} received", signal.getName());
                    action.run();
                });
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
