package lws.dhcp;

import lws.app.api.NetworkInfo;
import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigKey;
import lws.system.EventLoop;
import lws.system.ManualClock;
import lws.system.SystemContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helper inside a real system context on virtual time, with a fake wire. */
class DhcpHelperTest {
    @TempDir
    Path dir;

    private final List<byte[]> wire = new ArrayList<>();
    private Transport.Receiver receiver;

    private DhcpHelper helper() {
        return new DhcpHelper((loop, name, r) -> {
            receiver = r;
            return new Transport() {
                @Override
                public void broadcastUnaddressed(byte[] payload) {
                    wire.add(payload);
                }

                @Override
                public void send(byte[] payload, Inet4Address destination) {
                    wire.add(payload);
                }

                @Override
                public void close() {
                }
            };
        }, name -> ClientFixture.MAC.clone());
    }

    private static Config config(Map<String, String> values) {
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(DhcpHelper.KEYS);
        return Config.of(keys, List.of(), values);
    }

    private static void run(EventLoop loop) {
        for (int i = 0; i < 10; i++) {
            loop.runOnce(Duration.ZERO);
        }
    }

    @Test
    void holdsDhcpUntilBoundThenPublishesTheLease() throws Exception {
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.builder().clock(clock).stallThreshold(Duration.ZERO).build();
        loop.runOnce(Duration.ZERO);
        DhcpHelper helper = helper();
        Config config = config(Map.of("dhcp.interface", "fake0", "dhcp.applier", "none", "dhcp.lease-dir", dir.toString(),
                "dhcp.rapid-commit", "false"));
        try (SystemContext system = SystemContext.builder().config(config).loop(loop).helpers(List.of(helper)).build()) {
            List<String> events = new ArrayList<>();
            system.events().subscribe(e -> events.add(e.kind()));
            system.start();
            run(loop);
            assertEquals(SystemState.IFACE_COLDPLUG, system.state(), "held in front of DHCP");
            assertTrue(system.states().heldBy().contains("dhcp"), system.states().heldBy());
            assertEquals(NetworkInfo.hostManaged(), system.network().current());

            DhcpMessage discover = DhcpCodec.parse(wire.getLast());
            receiver.received(DhcpCodec.encode(ClientFixture.serverMessage(discover, MessageType.OFFER, ClientFixture.OFFERED, ClientFixture.none())), 67);
            run(loop);
            DhcpMessage request = DhcpCodec.parse(wire.getLast());
            assertEquals(MessageType.REQUEST, request.type());
            assertEquals(SystemState.IFACE_COLDPLUG, system.state());
            receiver.received(DhcpCodec.encode(ClientFixture.serverMessage(request, MessageType.ACK, ClientFixture.OFFERED,
                    b -> b.add(Opt.DOMAIN_NAME, "test.lan"))), 67);
            run(loop);

            assertEquals(SystemState.OPERATIONAL, system.state(), "DHCP passed, time.policy=host lets the rest pass");
            NetworkInfo info = system.network().current();
            assertEquals("fake0", info.interfaceName());
            assertEquals("10.77.0.50/24", info.addresses().getFirst().toString());
            assertEquals(List.of(ClientFixture.SERVER), info.dnsServers());
            assertEquals(List.of(ClientFixture.SERVER), info.ntpServers());
            assertEquals(List.of(ClientFixture.SERVER), info.routers());
            assertEquals(List.of("test.lan"), info.searchDomains());
            assertTrue(events.contains("bound"), events.toString());
            assertEquals("BOUND", helper.status().get("state"));
            assertTrue(helper.summary().startsWith("bound 10.77.0.50/24 via fake0"), helper.summary());
            List<String> metrics = new ArrayList<>();
            helper.metrics(new lws.system.Metrics() {
                @Override
                public void counter(String name, String help, long value) {
                    metrics.add(name + "=" + value);
                }

                @Override
                public void gauge(String name, String help, double value) {
                    metrics.add(name + "=" + value);
                }
            });
            assertTrue(metrics.contains("lws_dhcp_leases_total=1"), metrics.toString());
            assertTrue(metrics.contains("lws_dhcp_bound=1.0"), metrics.toString());
        }
    }

    @Test
    void isFoundByServiceLoaderAsTheDhcpHelper() {
        List<String> names = SystemContext.Builder.discoverHelpers().stream().map(lws.system.SystemHelper::name).toList();
        assertTrue(names.contains("dhcp"), names.toString());
        assertEquals(DhcpHelper.KEYS, new DhcpHelper().configKeys());
        assertTrue(DhcpHelper.class.getModule().isNamed(), "tests run on the module path");
    }

    @Test
    void doesNothingWithoutAnInterface() throws Exception {
        EventLoop loop = EventLoop.builder().clock(new ManualClock()).stallThreshold(Duration.ZERO).build();
        loop.runOnce(Duration.ZERO);
        DhcpHelper helper = helper();
        try (SystemContext system = SystemContext.builder().config(config(Map.of())).loop(loop).helpers(List.of(helper)).build()) {
            system.start();
            run(loop);
            assertEquals(SystemState.OPERATIONAL, system.state());
            assertTrue(wire.isEmpty());
            assertEquals("INACTIVE", helper.status().get("state"));
        }
    }
}
