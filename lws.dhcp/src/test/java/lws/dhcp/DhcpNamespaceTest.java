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
        // multi-homed client side: a UDP socket would send from 192.0.2.77; the client must send from 0.0.0.0
        // (this kernel has no dummy driver: a second veth pair inside the client namespace)
        lab.inClient("link", "add", "lwsx0", "type", "veth", "peer", "name", "lwsx1");
        lab.inClient("addr", "add", "192.0.2.77/24", "dev", "lwsx0");
        lab.inClient("link", "set", "lwsx0", "up");
        lab.inClient("link", "set", "lwsx1", "up");
        lab.startCapture();
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
        String status = c.status(before);
        assertTrue(status.contains("state=BOUND"), status);
        assertTrue(status.contains("renewals=1"), status);
        assertTrue(lab.dnsmasqLog().contains("DHCPACK(" + lab.serverIf + ") " + address), lab.dnsmasqLog());
        assertEquals(0, c.quit());
        assertSourceAddresses(lab.stopCapture(), address);
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains(address), "kept without release-on-stop");
    }

    /** Client messages without ciaddr left from exactly 0.0.0.0, the renewal from the leased address. */
    private static void assertSourceAddresses(java.util.List<byte[]> packets, String leased) throws Exception {
        int unaddressed = 0;
        int renewals = 0;
        for (byte[] ip : packets) {
            int udp = (ip[0] & 0x0f) * 4;
            int sourcePort = ((ip[udp] & 0xff) << 8) | (ip[udp + 1] & 0xff);
            if (sourcePort != 68) {
                continue;
            }
            DhcpMessage m = DhcpCodec.parse(java.util.Arrays.copyOfRange(ip, udp + 8, ip.length));
            String source = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(ip, 12, 16)).getHostAddress();
            if (m.ciaddr().isAnyLocalAddress()) {
                assertEquals("0.0.0.0", source, m + " left with a source address");
                assertEquals("255.255.255.255",
                        java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(ip, 16, 20)).getHostAddress());
                unaddressed++;
            } else {
                assertEquals(leased, source, m.toString());
                renewals++;
            }
        }
        assertTrue(unaddressed >= 1 && renewals == 1, "captured " + unaddressed + " unaddressed, " + renewals + " renewals");
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
        String status = c.status(rebinding);
        assertTrue(status.contains("state=BOUND"), status);
        assertTrue(lab.inClient("-4", "addr", "show", "dev", lab.clientIf).contains("10.77.0."));
        assertEquals(0, c.quit());
    }

    @Test
    @Timeout(120)
    void restartConfirmsThePersistedLeaseWithInitReboot() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client first = lab.client();
        String bound = first.boundAddress(LEASE_WAIT);
        assertEquals(0, first.quit());

        NetnsLab.Client second = lab.client();
        assertEquals(bound, second.boundAddress(LEASE_WAIT), "same address");
        String status = second.status(0);
        assertTrue(status.contains("sent={REQUEST=1}"), "INIT-REBOOT: one REQUEST, no DISCOVER: " + status);
        assertEquals(0, second.quit());
    }

    @Test
    @Timeout(120)
    void restartOnAnotherNetworkIsNakedAndLeasesAfresh() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client first = lab.client();
        String old = first.boundAddress(LEASE_WAIT);
        assertEquals(0, first.quit());
        moveServerToAnotherRange();

        NetnsLab.Client second = lab.client();
        leasesAfreshAfterNak(second, old);
        assertEquals(0, second.quit());
    }

    /** Restarts dnsmasq on another range, with no memory of earlier leases: it NAKs the old address. */
    private void moveServerToAnotherRange() throws Exception {
        lab.stopDnsmasq();
        lab.forgetLeases();
        lab.range = "10.77.0.200,10.77.0.250,255.255.255.0,2m";
        lab.startDnsmasq();
    }

    /**
     * Waits for a NAK and then a lease from the new range, applied in place of {@code old}.
     *
     * @return the index of the NAK line
     */
    private int leasesAfreshAfterNak(NetnsLab.Client c, String old) throws Exception {
        int nak = c.await("EVENT nak", LEASE_WAIT);
        String bound = c.line(c.await(nak, l -> l.startsWith("EVENT bound"), LEASE_WAIT, "a new lease after the NAK"));
        assertTrue(bound.startsWith("EVENT bound 10.77.0.2"), bound);
        String addresses = lab.inClient("-4", "addr", "show", "dev", lab.clientIf);
        assertTrue(addresses.contains(bound.split(" ")[2]), addresses);
        assertFalse(addresses.contains(old.substring(0, old.indexOf('/')) + "/"), "old address deconfigured: " + addresses);
        return nak;
    }

    @Test
    @Timeout(120)
    void nakOnRenewalLeasesAfreshThroughTheReopenedPacketSocket() throws Exception {
        lab.startDnsmasq();
        NetnsLab.Client c = lab.client();
        String old = c.boundAddress(LEASE_WAIT);
        moveServerToAnotherRange();

        c.send("renew");
        // bound closed the packet socket; INIT must reopen it to broadcast from 0.0.0.0 again
        int nak = leasesAfreshAfterNak(c, old);
        String status = c.status(nak);
        assertTrue(status.contains("DISCOVER=2"), "a second DISCOVER after the NAK: " + status);
        assertTrue(status.contains("sendFailures=0"), status);
        assertEquals(0, c.quit());
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
