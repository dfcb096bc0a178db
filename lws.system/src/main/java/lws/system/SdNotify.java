package lws.system;

import lws.app.api.Cancellable;
import lws.app.api.SystemState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * systemd's notification protocol for {@code Type=notify} units: {@code STATUS=<state>} on every
 * transition, {@code READY=1} at OPERATIONAL, {@code STOPPING=1} at CONTEXT_DESTROYING, and
 * {@code WATCHDOG=1} every half {@code WatchdogSec} from a loop timer (so a stuck loop stops petting
 * the watchdog and systemd restarts the daemon, as it should).
 *
 * <p>Active only when {@code NOTIFY_SOCKET} is set. A failing send is logged once and never stops the
 * daemon. Loop thread only.
 */
final class SdNotify {
    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final SystemContext system;
    private final String socketPath;
    private final Duration watchdogInterval;
    private UnixDatagram socket;
    private Cancellable watchdog;
    private boolean failed;

    /**
     * @param system the system to report
     * @param socketPath {@code $NOTIFY_SOCKET}
     * @param watchdog {@code $WATCHDOG_USEC} as a duration, or zero for none
     */
    SdNotify(SystemContext system, String socketPath, Duration watchdog) {
        this.system = system;
        this.socketPath = socketPath;
        this.watchdogInterval = watchdog.dividedBy(2);
    }

    /**
     * Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} and attaches a notifier
     * when systemd asked for one. Call before the system starts.
     *
     * @param system the system
     */
    static void attachIfRequested(SystemContext system) {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return;
        }
        Duration watchdog = Duration.ZERO;
        String usec = System.getenv("WATCHDOG_USEC");
        String pid = System.getenv("WATCHDOG_PID");
        boolean forUs = pid == null || pid.isEmpty() || pid.equals(Long.toString(ProcessHandle.current().pid()));
        if (usec != null && !usec.isEmpty() && forUs) {
            try {
                watchdog = Duration.ofNanos(Long.parseLong(usec) * 1000);
            } catch (NumberFormatException e) {
                log.warn("ignoring WATCHDOG_USEC={}: not a number", usec);
            }
        }
        new SdNotify(system, socket, watchdog).attach();
    }

    /** Starts listening to the state machine. Loop thread or before the loop runs. */
    void attach() {
        system.states().addListener(t -> {
            SystemState to = t.to();
            StringBuilder message = new StringBuilder("STATUS=").append(to);
            if (to == SystemState.OPERATIONAL) {
                message.insert(0, "READY=1\n");
            } else if (to == SystemState.CONTEXT_DESTROYING) {
                message.insert(0, "STOPPING=1\n");
                if (watchdog != null) {
                    watchdog.cancel();
                }
            }
            send(message.toString());
            if (to == SystemState.INITIALIZED && !watchdogInterval.isZero()) {
                petWatchdog();
            }
        });
    }

    private void petWatchdog() {
        send("WATCHDOG=1");
        watchdog = system.loop().schedule(watchdogInterval, Owned.task("sd_notify", this::petWatchdog));
    }

    private void send(String message) {
        try {
            if (socket == null) {
                socket = new UnixDatagram();
            }
            socket.send(socketPath, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            if (!failed) {
                failed = true;
                log.warn("sd_notify to {} failed: {}", socketPath, e.getMessage());
            }
        }
    }
}
