package lws.dhcp;

import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.system.EventLoop;
import lws.system.Owned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Linux transport: two sockets per interface.
 * <ul>
 *   <li>A UDP {@link DatagramChannel} on 0.0.0.0:68, bound to the interface with {@code SO_BINDTODEVICE}
 *       (through FFM) and registered with the system loop: it receives every reply (broadcast while the
 *       client is unaddressed, because the client sets the BROADCAST flag; unicast once addressed) and
 *       sends RENEWING/REBINDING/RELEASE messages from the leased address.</li>
 *   <li>A send-only {@code AF_PACKET} socket for the unaddressed states (closed while the client holds an
 *       address, see {@link #addressed()}): the client writes the IPv4 and
 *       UDP headers itself so the source is exactly 0.0.0.0 even when other interfaces have addresses
 *       (the kernel's UDP would pick one of those), as udhcpc, dhclient and systemd-networkd do.</li>
 * </ul>
 * Needs root or CAP_NET_RAW + CAP_NET_BIND_SERVICE, {@code --enable-native-access=lws.dhcp} and
 * {@code --add-exports java.base/sun.nio.ch=lws.dhcp}. Loop thread only.
 */
final class LinuxTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(LinuxTransport.class);
    private static final int MAX_READS_PER_WAKEUP = 64;

    private final String interfaceName;
    private final int ifindex;
    private final EventLoop loop;
    private final Receiver receiver;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Created by {@link #openChannel()}; null before. */
    private DatagramChannel channel;
    private int channelFd = -1;
    private SocketRegistration<LinuxTransport> registration;
    private int packetFd = -1;
    private boolean closed;

    private LinuxTransport(String interfaceName, int ifindex, EventLoop loop, Receiver receiver) {
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.loop = loop;
        this.receiver = receiver;
    }

    /**
     * Starts linking the native calls in the background ({@link Native#linkInBackground()}), so that
     * {@link #open} rarely has to wait for it. Any thread; call it as early as possible.
     */
    static void prepare() {
        Native.linkInBackground();
    }

    /**
     * Opens the transport of an interface. Loop thread. Only the checks happen now (the interface
     * exists, the channel's descriptor is accessible), so that the caller can go on (the client
     * deconfigures the interface first); the UDP channel is created in a loop task of its own, and
     * bound to the interface and to port 68, with the packet socket, once the native calls are linked:
     * {@link #ready()} tells when (or why not).
     *
     * @param loop the system loop
     * @param interfaceName the interface
     * @param receiver gets every datagram received on port 68
     * @return the transport, not yet {@link #ready()}
     * @throws IOException if the interface does not exist
     * @throws IllegalStateException without {@code --add-exports java.base/sun.nio.ch=lws.dhcp}
     */
    static LinuxTransport open(EventLoop loop, String interfaceName, Receiver receiver) throws IOException {
        int ifindex = ifindex(interfaceName);
        Native.checkFdAccess();
        LinuxTransport t = new LinuxTransport(interfaceName, ifindex, loop, receiver);
        loop.execute(Owned.task("dhcp", t::openChannel));
        return t;
    }

    /** Loop thread: creates the UDP channel, then waits for the native calls to bind it. */
    private void openChannel() {
        if (closed) {
            ready.completeExceptionally(new IOException("dhcp " + interfaceName + ": transport closed while opening"));
            return;
        }
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channelFd = Native.fd(channel);
        } catch (IOException | RuntimeException e) {
            close();
            ready.completeExceptionally(new IOException("dhcp " + interfaceName + ": cannot open the UDP channel: " + e.getMessage(), e));
            return;
        }
        Native.linkInBackground().whenComplete((v, linkFailure) -> loop.execute(Owned.task("dhcp", () -> finishOpen(linkFailure))));
    }

    /** Loop thread: binds the channel, opens the packet socket, registers with the loop. */
    private void finishOpen(Throwable linkFailure) {
        if (closed) {
            ready.completeExceptionally(new IOException("dhcp " + interfaceName + ": transport closed while opening"));
            return;
        }
        try {
            if (linkFailure != null) {
                throw new IOException("native calls unavailable (is --enable-native-access=lws.dhcp set?): " + linkFailure, linkFailure);
            }
            Native.bindToDevice(channelFd, interfaceName);
            channel.bind(new InetSocketAddress(68));
            channel.configureBlocking(false);
            packetFd = Native.packetSocket();
            registration = loop.register(channel, "dhcp", this, new Reader());
            ready.complete(null);
        } catch (IOException | RuntimeException e) {
            close();
            ready.completeExceptionally(new IOException("dhcp " + interfaceName + ": cannot open sockets: " + e.getMessage(), e));
        }
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    /** Reads the UDP channel when the loop finds it readable. */
    private final class Reader implements SocketHandler<LinuxTransport> {
        private final ByteBuffer buffer = ByteBuffer.allocate(65536);

        @Override
        public void onReadable(SocketRegistration<LinuxTransport> r) throws IOException {
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    return;
                }
                buffer.flip();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                receiver.received(data, ((InetSocketAddress) from).getPort());
            }
        }
    }

    @Override
    public void broadcastUnaddressed(byte[] payload) throws IOException {
        checkOpen();
        if (packetFd < 0) {
            packetFd = Native.packetSocket();
        }
        Native.sendBroadcastFrame(packetFd, ifindex, Ipv4Udp.broadcast(payload, ThreadLocalRandom.current().nextInt(65536)));
    }

    @Override
    public void send(byte[] payload, Inet4Address destination) throws IOException {
        checkOpen();
        int n = channel.send(ByteBuffer.wrap(payload), new InetSocketAddress(destination, 67));
        if (n != payload.length) {
            throw new IOException("dhcp " + interfaceName + ": socket buffer full, message to " + destination.getHostAddress() + " not sent");
        }
    }

    /**
     * Closes the packet socket, on a short-lived thread of its own: closing an {@code AF_PACKET} socket
     * waits for an RCU grace period in the kernel (~10 ms here), which neither the loop nor the exit of
     * a {@code --exit-on-lease} process should wait for. Reopened by the next unaddressed broadcast
     * (INIT after a lost lease, as udhcpc does).
     */
    @Override
    public void addressed() {
        if (packetFd < 0) {
            return;
        }
        int fd = packetFd;
        packetFd = -1;
        Thread.ofPlatform().daemon().name("lws-dhcp-close").start(() -> Native.close(fd));
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("dhcp " + interfaceName + ": transport closed");
        }
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            throw new IOException("dhcp " + interfaceName + ": transport not open");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.close();
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("dhcp {}: closing the UDP channel: {}", interfaceName, e.getMessage());
            }
        }
        if (packetFd >= 0) {
            Native.close(packetFd);
            packetFd = -1;
        }
    }

    /**
     * @param interfaceName an interface
     * @return its index, from sysfs
     * @throws IOException if the interface does not exist
     */
    static int ifindex(String interfaceName) throws IOException {
        return Integer.parseInt(Files.readString(sysfs(interfaceName, "ifindex")).strip());
    }

    /**
     * Reads the Ethernet address from sysfs ({@code NetworkInterface} does not see interfaces without
     * addresses).
     *
     * @param interfaceName an interface
     * @return its 6-byte MAC
     * @throws IOException if the interface does not exist or is not Ethernet-like
     */
    static byte[] mac(String interfaceName) throws IOException {
        String text = Files.readString(sysfs(interfaceName, "address")).strip();
        byte[] mac = HexFormat.ofDelimiter(":").parseHex(text);
        if (mac.length != 6 || Arrays.equals(mac, new byte[6])) {
            throw new IOException("dhcp " + interfaceName + ": no Ethernet address (" + text + ")");
        }
        return mac;
    }

    private static Path sysfs(String interfaceName, String attribute) throws IOException {
        if (interfaceName.isEmpty() || interfaceName.contains("/") || interfaceName.startsWith(".")) {
            throw new IOException("bad interface name '" + interfaceName + "'");
        }
        Path p = Path.of("/sys/class/net", interfaceName, attribute);
        if (!Files.exists(p)) {
            throw new IOException("dhcp: no interface " + interfaceName + " (" + p + " missing)");
        }
        return p;
    }
}
