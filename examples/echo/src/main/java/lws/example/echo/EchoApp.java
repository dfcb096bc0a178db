package lws.example.echo;

import lws.app.api.AppContext;
import lws.app.api.CloseReason;
import lws.app.api.SocketHandler;
import lws.app.api.SocketRegistration;
import lws.app.api.SystemApp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * TCP and UDP echo on {@code echo.address}:{@code echo.port} (default {@code 127.0.0.1:7777};
 * port 0 picks a free port, see {@link #tcpAddress()}).
 *
 * <p>Memory per connection is kept small: all connections read into one loop-owned buffer and write
 * straight back; only a connection whose peer does not read fast enough gets its own buffer for the
 * bytes the kernel did not take, and stops reading until they are written (backpressure).
 *
 * <p>Threading: everything runs on the system loop thread.
 */
public final class EchoApp implements SystemApp {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final ByteBuffer shared = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** One handler for every connection: it keeps no state of its own (that is in {@link EchoConnection}). */
    private final StreamEcho streamEcho = new StreamEcho();
    private final Set<SocketRegistration<?>> registrations = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile InetSocketAddress tcpAddress;
    private volatile InetSocketAddress udpAddress;

    /** Creates the app; it does nothing until {@link #start}. */
    public EchoApp() {
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void start(AppContext context) throws IOException {
        InetAddress address = InetAddress.getByName(context.config("echo.address").orElse("127.0.0.1"));
        int port = Integer.parseInt(context.config("echo.port").orElse("7777"));
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(address, port), 1024);
        tcpAddress = (InetSocketAddress) listener.getLocalAddress();
        track(context.register(listener, listener, new Acceptor(context)));

        DatagramChannel udp = DatagramChannel.open(address.getAddress().length == 4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        udp.bind(new InetSocketAddress(address, tcpAddress.getPort()));
        udpAddress = (InetSocketAddress) udp.getLocalAddress();
        track(context.register(udp, udp, new UdpEcho()));
        System.getLogger("lws.example.echo").log(System.Logger.Level.INFO,
                "echo: serving TCP and UDP on " + tcpAddress.getAddress().getHostAddress() + ":" + tcpAddress.getPort());
    }

    private void track(SocketRegistration<?> registration) {
        registrations.add(registration);
    }

    /** @return the bound TCP address once started */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** @return the bound UDP address once started */
    public InetSocketAddress udpAddress() {
        return udpAddress;
    }

    @Override
    public void stop() {
        List<SocketRegistration<?>> all = new ArrayList<>(registrations);
        all.forEach(SocketRegistration::close);
        registrations.clear();
    }

    /** Accepts connections and registers each with an {@link EchoConnection}. */
    private final class Acceptor implements SocketHandler<ServerSocketChannel> {
        private final AppContext context;

        Acceptor(AppContext context) {
            this.context = context;
        }

        @Override
        public void onReadable(SocketRegistration<ServerSocketChannel> registration) throws IOException {
            SocketChannel channel;
            while ((channel = registration.state().accept()) != null) {
                track(context.register(channel, new EchoConnection(), streamEcho));
            }
        }
    }

    /** Per-connection state: only the bytes a slow peer has not taken yet. */
    static final class EchoConnection {
        ByteBuffer pending;
    }

    /** Echoes a TCP stream; pauses reading while a slow peer has bytes pending. */
    private final class StreamEcho implements SocketHandler<EchoConnection> {
        @Override
        public void onReadable(SocketRegistration<EchoConnection> registration) throws IOException {
            SocketChannel channel = (SocketChannel) registration.channel();
            shared.clear();
            int n = channel.read(shared);
            if (n < 0) {
                registration.close();
                return;
            }
            shared.flip();
            if (!registration.write(shared)) {
                ByteBuffer rest = ByteBuffer.allocate(shared.remaining());
                rest.put(shared).flip();
                registration.state().pending = rest;
                registration.readInterest(false);
            }
        }

        @Override
        public void onWritable(SocketRegistration<EchoConnection> registration) throws IOException {
            EchoConnection connection = registration.state();
            if (connection.pending == null || registration.write(connection.pending)) {
                connection.pending = null;
                registration.readInterest(true);
            }
        }

        @Override
        public void onClosed(SocketRegistration<EchoConnection> registration, CloseReason reason) {
            registrations.remove(registration);
        }
    }

    /** Echoes datagrams to their sender. */
    private final class UdpEcho implements SocketHandler<DatagramChannel> {
        @Override
        public void onReadable(SocketRegistration<DatagramChannel> registration) throws IOException {
            DatagramChannel udp = registration.state();
            for (int i = 0; i < 64; i++) {
                shared.clear();
                SocketAddress from = udp.receive(shared);
                if (from == null) {
                    return;
                }
                shared.flip();
                udp.send(shared, from);
            }
        }
    }
}
