package lws.dhcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptApplierTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void runsAUdhcpcStyleScriptWithItsVariables() throws Exception {
        Path out = dir.resolve("out");
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$1 interface=$interface ip=$ip mask=$mask subnet=$subnet router=$router dns=$dns domain=$domain "
                + "hostname=$hostname ntpsrv=$ntpsrv lease=$lease serverid=$serverid broadcast=$broadcast mtu=$mtu message=$message\" >> " + out + "\n"
                + "[ \"$1\" = leasefail ] && exit 3\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        DhcpMessage ack = DhcpCodec.parseReply(Golden.load("dnsmasq-ack"));
        DhcpLease lease = DhcpLease.fromAck("lv-cli", ack, Instant.EPOCH);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            ScriptApplier applier = new ScriptApplier(script.toString(), executor);
            assertInstanceOf(ApplyResult.Applied.class, applier.apply(new LeaseEvent.Deconfig("lv-cli")).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(ApplyResult.Applied.class, applier.apply(new LeaseEvent.Bound(lease)).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(ApplyResult.Applied.class, applier.apply(new LeaseEvent.Nak("lv-cli", "no")).toCompletableFuture().get(10, TimeUnit.SECONDS));
            ApplyResult failed = applier.apply(new LeaseEvent.LeaseFail("lv-cli")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Failed.class, failed, "non-zero exit");
        } finally {
            executor.shutdownNow();
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("deconfig interface=lv-cli ip= "), lines.get(0));
        assertEquals("bound interface=lv-cli ip=10.77.0.133 mask=24 subnet=255.255.255.0 router=10.77.0.1 dns=10.77.0.1 "
                + "domain=test.lan hostname=golden ntpsrv=10.77.0.1 lease=120 serverid=10.77.0.1 broadcast=10.77.0.255 mtu= message=",
                lines.get(1));
        assertTrue(lines.get(2).startsWith("nak interface=lv-cli") && lines.get(2).endsWith("message=no"), lines.get(2));
    }
}
