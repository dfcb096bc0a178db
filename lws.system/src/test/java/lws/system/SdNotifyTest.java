package lws.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sd_notify messages, received on a real Unix datagram socket as systemd would. */
@Timeout(20)
class SdNotifyTest {
    @TempDir
    Path tmp;

    @Test
    void readyStatusWatchdogAndStoppingAreSent() throws Exception {
        String path = tmp.resolve("notify.sock").toString();
        List<String> received = new ArrayList<>();
        try (UnixDatagram receiver = new UnixDatagram()) {
            receiver.bind(path);
            SystemContext system = SystemContext.builder().helpers(List.of()).build();
            new SdNotify(system, path, Duration.ofMillis(100)).attach();
            system.start().get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> sawWatchdogs = CompletableFuture.runAsync(() -> {
                int watchdogs = 0;
                while (watchdogs < 3) {
                    String m = receive(receiver);
                    received.add(m);
                    if (m.equals("WATCHDOG=1")) {
                        watchdogs++;
                    }
                }
            });
            sawWatchdogs.get(10, TimeUnit.SECONDS);
            system.close();
            String last;
            do {
                last = receive(receiver);
                received.add(last);
            } while (!last.startsWith("STOPPING=1"));
        }
        assertEquals("STATUS=INITIALIZED", received.get(0));
        assertTrue(received.contains("READY=1\nSTATUS=OPERATIONAL"), received.toString());
        assertTrue(received.indexOf("READY=1\nSTATUS=OPERATIONAL") > received.indexOf("STATUS=AUTH2"), received.toString());
        assertEquals("STOPPING=1\nSTATUS=CONTEXT_DESTROYING", received.getLast());
        assertTrue(received.stream().filter("WATCHDOG=1"::equals).count() >= 3);
    }

    private static String receive(UnixDatagram socket) {
        try {
            return new String(socket.receive(4096), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnreachableNotifySocketNeverStopsTheDaemon() throws Exception {
        SystemContext system = SystemContext.builder().helpers(List.of()).build();
        new SdNotify(system, tmp.resolve("nobody-listens").toString(), Duration.ZERO).attach();
        system.start().get(5, TimeUnit.SECONDS);
        system.loop().submit(() -> null).get(5, TimeUnit.SECONDS);
        assertEquals(lws.app.api.SystemState.OPERATIONAL, system.state());
        system.close();
    }
}
