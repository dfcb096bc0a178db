package lws.dhcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, as root: dnsmasq in one network namespace, the client (DhcpMain in a child JVM, the real
 * Linux transport and the ip applier) in another on an unaddressed veth.
 */
class DhcpNamespaceTest {
    private static final Duration LEASE_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private NetnsLab lab;

    @BeforeEach
    void lab() throws Exception {
        NetnsLab.requirePrivileges();
        lab = new NetnsLab(dir);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(90)
    void leasesAppliesPublishesAndPassesTheDhcpState() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client c = lab.client();
        int network = c.await(0, l -> l.startsWith("NETWORK") && l.contains("address=10.77.0."), LEASE_WAIT, "a lease in NetworkState");
        String info = c.line(network);
        assertTrue(info.contains("routers=10.77.0.1 dns=10.77.0.1 ntp=10.77.0.1 search=test.lan"), info);
        c.await("DHCP_PASSED", LEASE_WAIT);
        c.await("STATE OPERATIONAL", LEASE_WAIT);
        String address = info.replaceAll(".*address=(\\S+)/24.*", "$1");
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains("inet " + address + "/24"), "address applied");
        assertTrue(lab.inClient("route").contains("default via 10.77.0.1 dev " + lab.clientIf), "default route applied");

        int before = c.size();
        c.send("renew");
        c.await(before, l -> l.startsWith("EVENT renewed"), Duration.ofSeconds(15), "a forced renewal");
        c.send("status");
        String status = c.line(c.await(before, l -> l.startsWith("STATUS"), Duration.ofSeconds(10), "status"));
        assertTrue(status.contains("state=BOUND"), status);
        assertTrue(status.contains("renewals=1"), status);
        assertTrue(lab.dnsmasqLog().contains("DHCPACK(" + lab.serverIf + ") " + address), lab.dnsmasqLog());
        assertEquals(0, c.quit());
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains(address), "kept without release-on-stop");
    }

    @Test
    @Timeout(90)
    void rebindsWithAnyServerWhenTheLeasingServerIsGone() throws Exception {
        String[] shortTimers = {"dhcp-option=option:T1,4", "dhcp-option=option:T2,9"};
        lab.startDnsmasq(shortTimers);
        NetnsLab.Client c = lab.client();
        c.await("EVENT bound", LEASE_WAIT);
        lab.stopDnsmasq();
        int renewing = c.await("EVENT renewing", Duration.ofSeconds(15));
        lab.startDnsmasq(shortTimers);
        int rebinding = c.await(renewing, l -> l.startsWith("EVENT rebinding"), Duration.ofSeconds(15), "REBINDING at T2");
        c.await(rebinding, l -> l.startsWith("EVENT renewed"), Duration.ofSeconds(15), "a rebound lease");
        c.send("status");
        String status = c.line(c.await(rebinding, l -> l.startsWith("STATUS"), Duration.ofSeconds(10), "status"));
        assertTrue(status.contains("state=BOUND"), status);
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains("10.77.0."));
        assertEquals(0, c.quit());
    }

    @Test
    @Timeout(120)
    void restartConfirmsThePersistedLeaseWithInitReboot() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client first = lab.client();
        String bound = first.line(first.await("EVENT bound", LEASE_WAIT));
        assertEquals(0, first.quit());

        NetnsLab.Client second = lab.client();
        String rebound = second.line(second.await("EVENT bound", LEASE_WAIT));
        assertEquals(bound.split(" ")[2], rebound.split(" ")[2], "same address");
        second.send("status");
        String status = second.line(second.await("STATUS", Duration.ofSeconds(10)));
        assertTrue(status.contains("sent={REQUEST=1}"), "INIT-REBOOT: one REQUEST, no DISCOVER: " + status);
        assertEquals(0, second.quit());
    }

    @Test
    @Timeout(90)
    void releasesAndDeconfiguresOnStopWhenConfigured() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client c = lab.client("dhcp.release-on-stop=true");
        c.await("EVENT bound", LEASE_WAIT);
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains("10.77.0."));
        assertEquals(0, c.quit());
        assertFalse(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains("10.77.0."), "deconfigured");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!lab.dnsmasqLog().contains("DHCPRELEASE") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(lab.dnsmasqLog().contains("DHCPRELEASE(" + lab.serverIf + ")"), lab.dnsmasqLog());
    }

    @Test
    @Timeout(320)
    void leasesDespiteThirtyPercentLossEachWay() throws Exception {
        lab.startDnsmasq();
        lab.loss(30);
        NetnsLab.Client c = lab.client();
        c.await("EVENT bound", Duration.ofSeconds(265)); // 8 sends by 253 s: P(all 8 lost) = 0.51^8 < 0.5 %
        assertEquals(0, c.quit());
    }
}
