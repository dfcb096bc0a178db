package lws.dhcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static lws.dhcp.ClientFixture.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhcpLeaseTest {
    @TempDir
    Path dir;

    @Test
    void decodesClasslessRoutesAndSearchList() throws Exception {
        byte[] routes = {24, 10, 78, 0, 10, 77, 0, 1, 0, 10, 77, 0, (byte) 254, 32, (byte) 192, 0, 2, 1, 0, 0, 0, 0};
        List<DhcpLease.Route> r = DhcpLease.classlessRoutes(routes);
        assertEquals("10.78.0.0/24", r.get(0).destination().toString());
        assertEquals(ip("10.77.0.1"), r.get(0).gateway());
        assertEquals("0.0.0.0/0", r.get(1).destination().toString());
        assertEquals(ip("10.77.0.254"), r.get(1).gateway());
        assertEquals("192.0.2.1/32", r.get(2).destination().toString());
        assertTrue(r.get(2).gateway().isAnyLocalAddress());
        assertThrows(MalformedPacketException.class, () -> DhcpLease.classlessRoutes(new byte[] {33, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertThrows(MalformedPacketException.class, () -> DhcpLease.classlessRoutes(new byte[] {24, 10, 78}));

        // RFC 3397 example: eng.apple.com, marketing.apple.com (compressed)
        byte[] search = {3, 'e', 'n', 'g', 5, 'a', 'p', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
            9, 'm', 'a', 'r', 'k', 'e', 't', 'i', 'n', 'g', (byte) 0xc0, 4};
        assertEquals(List.of("eng.apple.com", "marketing.apple.com"), DhcpLease.searchList(search));
        assertThrows(MalformedPacketException.class, () -> DhcpLease.searchList(new byte[] {(byte) 0xc0, 0}));
    }

    @Test
    void classlessRoutesReplaceTheRouterOption() throws Exception {
        DhcpMessage ack = ClientFixture.serverMessage(DhcpCodec.parse(Golden.load("udhcpc-request")), MessageType.ACK,
                ip("10.77.0.9"), b -> b.add(Opt.CLASSLESS_ROUTES, new byte[] {0, 10, 77, 0, (byte) 254}));
        DhcpLease lease = DhcpLease.fromAck("eth0", ack, Instant.EPOCH);
        assertEquals(List.of(ip("10.77.0.254")), lease.effectiveRouters());
        assertEquals(List.of(ip("10.77.0.254")), lease.toNetworkInfo().routers());
    }

    @Test
    void defaultsT1AndT2WhenTheServerSendsNoneOrNonsense() throws Exception {
        DhcpMessage ack = ClientFixture.serverMessage(DhcpCodec.parse(Golden.load("udhcpc-request")), MessageType.ACK,
                ip("10.77.0.9"), b -> b.addU32(Opt.LEASE_TIME, 1000).addU32(Opt.T1, 900).addU32(Opt.T2, 800));
        DhcpLease lease = DhcpLease.fromAck("eth0", ack, Instant.EPOCH);
        assertEquals(500, lease.renewalTime().toSeconds());
        assertEquals(875, lease.rebindingTime().toSeconds());
    }

    @Test
    void persistsAtomicallyAndReloadsThroughTheStrictParser() throws Exception {
        LeaseStore store = new LeaseStore(dir.resolve("sub"), "eth0", Runnable::run);
        assertTrue(store.load().isEmpty());
        byte[] ack = Golden.load("dnsmasq-ack");
        DhcpLease lease = DhcpLease.fromAck("eth0", DhcpCodec.parseReply(ack), Instant.parse("2026-01-01T00:00:00Z"));
        store.save(lease, ack);
        assertEquals(lease, store.load().orElseThrow());
        assertFalse(Files.exists(dir.resolve("sub/eth0.lease.tmp")), "temporary file renamed away");
        Files.writeString(store.file(), "ack=02\nobtained-at=2026-01-01T00:00:00Z\n");
        assertTrue(store.load().isEmpty(), "a damaged file is ignored");
        store.delete();
        assertFalse(Files.exists(store.file()));
    }
}
