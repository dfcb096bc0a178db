package lws.dhcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static lws.dhcp.ClientFixture.ALL;
import static lws.dhcp.ClientFixture.OFFERED;
import static lws.dhcp.ClientFixture.SERVER;
import static lws.dhcp.ClientFixture.ZERO;
import static lws.dhcp.ClientFixture.ip;
import static lws.dhcp.ClientFixture.none;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhcpClientTest {
    @TempDir
    Path dir;
    private ClientFixture f;

    private ClientFixture fixture(boolean rapidCommit, boolean releaseOnStop) {
        f = new ClientFixture(dir, rapidCommit, releaseOnStop, 42);
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void acquiresLeaseThroughDiscoverOfferRequestAck() throws Exception {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getFirst(), "deconfigures before it starts");
        DhcpMessage discover = f.last().message();
        assertEquals(MessageType.DISCOVER, discover.type());
        assertTrue(f.last().unaddressed());
        assertTrue(discover.broadcast(), "broadcast flag while unaddressed");
        assertEquals(ZERO, discover.ciaddr());
        assertArrayEquals(ClientFixture.MAC, discover.chaddr());
        assertArrayEquals(ClientConfig.defaultClientId(ClientFixture.MAC), discover.options().bytes(Opt.CLIENT_ID));
        assertEquals("box", discover.options().text(Opt.HOSTNAME));
        byte[] wanted = discover.options().bytes(Opt.PARAMETER_LIST);
        for (int code : new int[] {1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119, 121}) {
            assertTrue(contains(wanted, code), "requests option " + code);
        }
        assertFalse(discover.options().has(Opt.RAPID_COMMIT));
        assertEquals(ClientState.SELECTING, f.client.state());

        f.reply(MessageType.OFFER, OFFERED, ClientFixture.none());
        DhcpMessage request = f.last().message();
        assertEquals(MessageType.REQUEST, request.type());
        assertEquals(discover.xid(), request.xid(), "REQUEST keeps the xid of the OFFER");
        assertEquals(OFFERED, request.options().address(Opt.REQUESTED_IP));
        assertEquals(SERVER, request.options().address(Opt.SERVER_ID));
        assertTrue(request.broadcast());
        assertTrue(f.last().unaddressed());
        assertEquals(0, f.addressed, "the transport keeps its unaddressed path until bound");

        f.reply(MessageType.ACK, OFFERED, none());
        assertEquals(ClientState.BOUND, f.client.state());
        assertEquals(1, f.addressed, "the transport hears that the client is addressed");
        assertInstanceOf(LeaseEvent.Bound.class, f.applied.getLast());
        DhcpLease lease = f.bound.getFirst();
        assertEquals(OFFERED, lease.address());
        assertEquals(List.of(SERVER), lease.dnsServers());
        assertEquals(List.of(SERVER), lease.ntpServers());
        assertTrue(Files.exists(f.store.file()), "lease persisted");
        assertEquals(OFFERED, f.store.load().orElseThrow().address());
    }

    @Test
    void firstMessageWaitsForTheTransportToBeReady() {
        ClientFixture f = fixture(false, false);
        f.transportReady = new CompletableFuture<>();
        f.client.start(null);
        f.settle();
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getFirst(), "deconfigures while the transport opens");
        assertTrue(f.sent.isEmpty(), "nothing sent before the transport is ready");
        f.transportReady.complete(null);
        f.settle();
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertEquals(ClientState.SELECTING, f.client.state());
    }

    @Test
    void transportThatCannotOpenIsReportedAndNothingIsSent() {
        ClientFixture f = fixture(false, false);
        f.transportReady = CompletableFuture.failedFuture(new IOException("cannot open sockets: EPERM"));
        f.client.start(null);
        f.settle();
        f.advance(Duration.ofSeconds(10));
        assertTrue(f.sent.isEmpty());
        assertTrue(f.events.contains("socket-failed"), "events: " + f.events);
        assertEquals(ClientState.BACKOFF, f.client.state());
    }

    @Test
    void retransmitsDiscoverAt4_8_16_32_64SecondsWithJitterForever() {
        ClientFixture f = fixture(true, false);
        f.client.start(null);
        f.settle();
        f.advance(Duration.ofSeconds(4 + 8 + 16 + 32 + 64 + 64 + 64 + 2));
        List<ClientFixture.Sent> discovers = f.sent.stream().filter(s -> s.type() == MessageType.DISCOVER).toList();
        assertTrue(discovers.size() >= 8, "still trying: " + discovers.size());
        int[] base = {4, 8, 16, 32, 64, 64, 64};
        boolean jittered = false;
        for (int i = 0; i < base.length; i++) {
            double gap = ClientFixture.seconds(discovers.get(i + 1).atNanos() - discovers.get(i).atNanos());
            assertTrue(Math.abs(gap - base[i]) <= 1.011, "gap " + i + " is " + gap + " s, expected " + base[i] + " ± 1 s");
            jittered |= Math.abs(gap - base[i]) > 0.02;
            assertEquals(discovers.getFirst().message().xid(), discovers.get(i + 1).message().xid(), "one exchange, one xid");
        }
        assertTrue(jittered, "delays are randomised");
        assertTrue(discovers.getFirst().message().options().has(Opt.RAPID_COMMIT));
        assertTrue(f.events.contains("leasefail"));
        assertInstanceOf(LeaseEvent.LeaseFail.class, f.applied.getLast());
        assertTrue(discovers.get(5).message().secs() > 60, "secs counts from the start of the exchange");
    }

    @Test
    void xidIsRandomPerClientAndPerExchange() {
        ClientFixture a = new ClientFixture(dir.resolve("a"), false, false, 1);
        ClientFixture b = new ClientFixture(dir.resolve("b"), false, false, 2);
        try {
            a.acquire();
            b.client.start(null);
            b.settle();
            assertNotEquals(a.sent.getFirst().message().xid(), b.sent.getFirst().message().xid());
            a.client.renew();
            a.settle();
            assertNotEquals(a.sent.getFirst().message().xid(), a.last().message().xid(), "a renewal is a new exchange");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void dropsAndCountsRepliesThatAreNotOurs() {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        DhcpMessage discover = f.last().message();
        DhcpMessage offer = ClientFixture.serverMessage(discover, MessageType.OFFER, OFFERED, none());
        byte[] good = DhcpCodec.encode(offer);

        byte[] otherXid = good.clone();
        otherXid[7] ^= 1;
        f.client.received(otherXid, 67);
        byte[] otherMac = good.clone();
        otherMac[33] ^= 1;
        f.client.received(otherMac, 67);
        f.client.received(good, 1067);
        f.client.received(Arrays.copyOf(good, 100), 67);
        byte[] request = good.clone();
        request[0] = 1;
        f.client.received(request, 67);
        byte[] cookie = good.clone();
        cookie[236] = 0;
        f.client.received(cookie, 67);
        f.client.received(DhcpCodec.encode(ClientFixture.serverMessage(discover, MessageType.NAK, OFFERED, none())), 67);
        f.settle();

        assertEquals(ClientState.SELECTING, f.client.state());
        assertEquals(1, f.sent.size(), "nothing answered");
        var dropped = f.client.counters().dropped;
        assertEquals(1L, dropped.get("wrong-xid"));
        assertEquals(1L, dropped.get("wrong-chaddr"));
        assertEquals(1L, dropped.get("wrong-source-port"));
        assertEquals(1L, dropped.get("too-short"));
        assertEquals(1L, dropped.get("not-bootreply"));
        assertEquals(1L, dropped.get("bad-cookie"));
        assertEquals(1L, dropped.get("unexpected-nak"));
        assertEquals(3, f.client.counters().malformed);

        f.client.received(good, 67);
        f.settle();
        assertEquals(ClientState.REQUESTING, f.client.state(), "the genuine offer still works");
    }

    @Test
    void rapidCommitAckBindsStraightFromSelecting() {
        ClientFixture f = fixture(true, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.ACK, OFFERED, none());
        assertEquals(ClientState.SELECTING, f.client.state(), "an ACK without option 80 is not a rapid commit");
        f.reply(MessageType.ACK, OFFERED, b -> b.add(Opt.RAPID_COMMIT, new byte[0]));
        assertEquals(ClientState.BOUND, f.client.state());
        assertEquals(List.of(MessageType.DISCOVER), f.sent.stream().map(ClientFixture.Sent::type).toList());
    }

    @Test
    void requestingGivesUpAfterFourUnansweredRequests() {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.OFFER, OFFERED, none());
        f.advance(Duration.ofSeconds(4 + 8 + 16 + 32 + 2));
        List<MessageType> types = f.sent.stream().map(ClientFixture.Sent::type).toList();
        assertEquals(List.of(MessageType.DISCOVER, MessageType.REQUEST, MessageType.REQUEST, MessageType.REQUEST,
                MessageType.REQUEST, MessageType.DISCOVER), types);
        assertEquals(ClientState.SELECTING, f.client.state());
        assertNotEquals(f.sent.getFirst().message().xid(), f.last().message().xid());
    }

    @Test
    void ignoresNakFromAnotherServerWhileRequesting() {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.OFFER, OFFERED, none());
        DhcpMessage request = f.last().message();
        DhcpMessage nak = ClientFixture.serverMessage(request, MessageType.NAK, OFFERED, b -> { });
        DhcpOptions other = DhcpOptions.builder().add(Opt.MESSAGE_TYPE, new byte[] {6}).add(Opt.SERVER_ID, ip("10.77.0.2")).build();
        f.client.received(DhcpCodec.encode(new DhcpMessage(2, nak.xid(), 0, true, ZERO, ZERO, ZERO, ZERO, nak.chaddr(), other)), 67);
        f.settle();
        assertEquals(ClientState.REQUESTING, f.client.state());
        assertEquals(1L, f.client.counters().dropped.get("wrong-server"));
    }

    @Test
    void renewsAtT1ByUnicastRebindsAtT2ByBroadcastAndExpires() throws Exception {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.OFFER, OFFERED, none());
        long requestAt = f.last().atNanos();
        f.advance(Duration.ofSeconds(2)); // the ACK arrives 2 s after the request: times count from the request
        f.reply(MessageType.ACK, OFFERED, none());
        int before = f.sent.size();

        f.advance(Duration.ofMillis(57_900));
        assertEquals(before, f.sent.size(), "nothing before T1");
        f.advance(Duration.ofMillis(200));
        ClientFixture.Sent renew = f.last();
        assertEquals(ClientState.RENEWING, f.client.state());
        assertEquals(60.0, ClientFixture.seconds(renew.atNanos() - requestAt), 0.02);
        assertEquals(MessageType.REQUEST, renew.type());
        assertFalse(renew.unaddressed());
        assertEquals(SERVER, renew.to(), "RENEWING unicasts to the server");
        assertEquals(OFFERED, renew.message().ciaddr());
        assertFalse(renew.message().broadcast());
        assertFalse(renew.message().options().has(Opt.REQUESTED_IP));
        assertFalse(renew.message().options().has(Opt.SERVER_ID));

        f.advance(Duration.ofSeconds(45)); // T2 = 105 s; 45 s before T2 leaves no room for a 60 s retry
        ClientFixture.Sent rebind = f.last();
        assertEquals(ClientState.REBINDING, f.client.state());
        assertEquals(105.0, ClientFixture.seconds(rebind.atNanos() - requestAt), 0.02);
        assertEquals(ALL, rebind.to(), "REBINDING broadcasts");
        assertFalse(rebind.unaddressed(), "from the leased address");
        assertEquals(OFFERED, rebind.message().ciaddr());
        assertNotEquals(renew.message().xid(), rebind.message().xid());

        f.advance(Duration.ofSeconds(15));
        assertEquals(ClientState.SELECTING, f.client.state(), "expired at 120 s");
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getLast());
        assertEquals(1, f.lost);
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertTrue(f.last().unaddressed());
        assertEquals(OFFERED, f.last().message().options().address(Opt.REQUESTED_IP), "asks for the old address again");
        assertTrue(f.store.load().isEmpty(), "expired lease forgotten");
        assertTrue(f.events.containsAll(List.of("renewing", "rebinding", "expired")));
    }

    @Test
    void renewingRetransmitsAfterHalfTheTimeLeftButAtLeast60Seconds() {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.OFFER, OFFERED, none());
        f.reply(MessageType.ACK, OFFERED, b -> {
            b.addU32(Opt.LEASE_TIME, 3600).addU32(Opt.T1, 1800).addU32(Opt.T2, 3150);
        });
        f.advance(Duration.ofSeconds(1800));
        long first = f.last().atNanos();
        f.advance(Duration.ofSeconds(700));
        assertEquals(675.0, ClientFixture.seconds(f.last().atNanos() - first), 0.02, "half of 1350 s to T2");
        long second = f.last().atNanos();
        f.advance(Duration.ofSeconds(400));
        assertEquals(337.5, ClientFixture.seconds(f.last().atNanos() - second), 0.02);
    }

    @Test
    void ackWhileRenewingExtendsTheLease() {
        ClientFixture f = fixture(false, false);
        f.acquire();
        f.advance(Duration.ofSeconds(61));
        assertEquals(ClientState.RENEWING, f.client.state());
        f.reply(MessageType.ACK, OFFERED, none());
        assertEquals(ClientState.BOUND, f.client.state());
        assertInstanceOf(LeaseEvent.Renew.class, f.applied.getLast());
        assertEquals(1, f.client.counters().renewals);
        f.advance(Duration.ofSeconds(100));
        assertEquals(ClientState.RENEWING, f.client.state(), "the new T1 counts from the renewal");
        assertEquals(0, f.lost);
    }

    @Test
    void forcedRenewPastT2BroadcastsAgain() {
        ClientFixture f = fixture(false, false);
        f.acquire();
        f.advance(Duration.ofSeconds(106));
        assertEquals(ClientState.REBINDING, f.client.state());
        int xid = f.last().message().xid();
        f.client.renew();
        f.settle();
        assertEquals(ClientState.REBINDING, f.client.state());
        assertEquals(ALL, f.last().to());
        assertNotEquals(xid, f.last().message().xid());
    }

    @Test
    void nakWhileRequestingRestartsInit() {
        ClientFixture f = fixture(false, false);
        f.client.start(null);
        f.settle();
        f.reply(MessageType.OFFER, OFFERED, none());
        int xid = f.last().message().xid();
        f.reply(MessageType.NAK, OFFERED, b -> b.add(Opt.MESSAGE, "wrong network"));
        assertEquals(ClientState.SELECTING, f.client.state());
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertNotEquals(xid, f.last().message().xid());
        LeaseEvent.Nak nak = assertInstanceOf(LeaseEvent.Nak.class, f.applied.get(f.applied.size() - 2));
        assertEquals("wrong network", nak.message());
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getLast());
        assertEquals(1, f.client.counters().naks);
    }

    @Test
    void nakWhileRenewingDropsTheLease() {
        ClientFixture f = fixture(false, false);
        f.acquire();
        f.client.renew();
        f.settle();
        assertEquals(ClientState.RENEWING, f.client.state(), "forced renew");
        f.reply(MessageType.NAK, OFFERED, none());
        assertEquals(1, f.lost);
        assertNull(f.client.lease());
        assertTrue(f.store.load().isEmpty());
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertFalse(f.last().message().options().has(Opt.REQUESTED_IP), "a NAKed address is not asked for again");
    }

    /** @return a client started with the lease a first client persisted */
    private ClientFixture rebooting() {
        ClientFixture first = fixture(false, false);
        first.acquire();
        DhcpLease persisted = first.store.load().orElseThrow();
        first.close();
        ClientFixture f = fixture(false, false);
        f.client.start(persisted);
        f.settle();
        return f;
    }

    @Test
    void initRebootConfirmsThePersistedLease() throws Exception {
        ClientFixture f = rebooting();
        assertEquals(ClientState.REBOOTING, f.client.state());
        DhcpMessage request = f.last().message();
        assertEquals(MessageType.REQUEST, request.type());
        assertEquals(OFFERED, request.options().address(Opt.REQUESTED_IP));
        assertFalse(request.options().has(Opt.SERVER_ID), "INIT-REBOOT sends no server identifier");
        assertEquals(ZERO, request.ciaddr());
        assertTrue(request.broadcast());
        assertTrue(f.last().unaddressed());
        f.reply(MessageType.ACK, OFFERED, none());
        assertEquals(ClientState.BOUND, f.client.state());
        assertEquals(1, f.sent.size(), "one REQUEST, no DISCOVER");
    }

    @Test
    void initRebootFallsBackToDiscoverWhenNobodyAnswers() {
        ClientFixture f = rebooting();
        f.advance(Duration.ofSeconds(4 + 8 + 16 + 32 + 2));
        assertEquals(4, f.sent.stream().filter(s -> s.type() == MessageType.REQUEST).count());
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertEquals(ClientState.SELECTING, f.client.state());
    }

    @Test
    void initRebootNakLeadsToDiscover() {
        ClientFixture f = rebooting();
        f.reply(MessageType.NAK, OFFERED, none());
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertTrue(f.store.load().isEmpty());
    }

    @Test
    void declinesAnAddressTheApplierFindsInUse() throws Exception {
        ClientFixture f = fixture(false, false);
        f.applyResult = e -> e instanceof LeaseEvent.Bound ? new ApplyResult.Conflict("in use by eth1") : ApplyResult.applied();
        f.acquire();
        DhcpMessage decline = f.last().message();
        assertEquals(MessageType.DECLINE, decline.type());
        assertTrue(f.last().unaddressed());
        assertEquals(OFFERED, decline.options().address(Opt.REQUESTED_IP));
        assertEquals(SERVER, decline.options().address(Opt.SERVER_ID));
        assertEquals(ZERO, decline.ciaddr());
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getLast());
        assertEquals(ClientState.BACKOFF, f.client.state());
        assertTrue(f.bound.isEmpty());
        f.advance(Duration.ofMillis(9_900));
        assertEquals(MessageType.DECLINE, f.last().type(), "waits 10 s before starting over");
        f.advance(Duration.ofMillis(200));
        assertEquals(MessageType.DISCOVER, f.last().type());
        assertEquals(1, f.client.counters().declines);
    }

    @Test
    void releasesOnStopWhenConfigured() throws Exception {
        ClientFixture f = fixture(false, true);
        f.acquire();
        f.client.stop();
        DhcpMessage release = f.last().message();
        assertEquals(MessageType.RELEASE, release.type());
        assertEquals(SERVER, f.last().to());
        assertEquals(OFFERED, release.ciaddr());
        assertEquals(SERVER, release.options().address(Opt.SERVER_ID));
        assertInstanceOf(LeaseEvent.Deconfig.class, f.applied.getLast());
        assertTrue(f.store.load().isEmpty());
        assertEquals(ClientState.STOPPED, f.client.state());
        int n = f.sent.size();
        f.advance(Duration.ofSeconds(200));
        assertEquals(n, f.sent.size(), "no timer survives stop");
    }

    @Test
    void keepsTheLeaseOnStopByDefault() {
        ClientFixture f = fixture(false, false);
        f.acquire();
        f.client.stop();
        assertEquals(MessageType.REQUEST, f.last().type(), "no RELEASE");
        assertTrue(f.store.load().isPresent(), "kept for INIT-REBOOT");
    }

    @Test
    void failedApplyOfANewLeaseStartsOverAfterTenSeconds() {
        ClientFixture f = fixture(false, false);
        f.applyResult = e -> e instanceof LeaseEvent.Bound ? new ApplyResult.Failed("ip: not found") : ApplyResult.applied();
        f.acquire();
        assertTrue(f.bound.isEmpty());
        assertEquals(ClientState.BACKOFF, f.client.state());
        f.advance(Duration.ofSeconds(11));
        assertEquals(MessageType.DISCOVER, f.last().type());
    }

    private static boolean contains(byte[] list, int code) {
        for (byte b : list) {
            if ((b & 0xff) == code) {
                return true;
            }
        }
        return false;
    }
}
