package lws.dhcp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The few Linux calls the JDK lacks, {@code socket}, {@code setsockopt}, {@code sendto} and {@code close},
 * made through the foreign function API ({@link NativeCalls}: as system calls through one downcall on
 * x86-64, aarch64, riscv64 and loongarch64, through libc's functions elsewhere); and the file descriptor
 * of a JDK channel (which needs {@code --add-exports java.base/sun.nio.ch=lws.dhcp}).
 * Needs {@code --enable-native-access=lws.dhcp}.
 * Its only state is the linking of the calls ({@link #linkInBackground()}). Any thread.
 */
@SuppressWarnings("restricted") // the point of this class; the module runs with --enable-native-access=lws.dhcp
final class Native {
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int ETH_P_IP = 0x0800;
    private static final int SOCKADDR_LL_SIZE = 20;

    /** Completed once {@link Sys} is linked; see {@link #linkInBackground()}. */
    private static final CompletableFuture<Void> LINKED = new CompletableFuture<>();
    private static final AtomicBoolean LINKING = new AtomicBoolean();

    private Native() {
    }

    /** The linker and the errno capture, in a holder so that starting the background linking costs nothing. */
    private static final class Abi {
        static final Linker LINKER = Linker.nativeLinker();
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CAPTURE.varHandle(groupElement("errno"));
        static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    }

    /**
     * The four calls ({@link NativeCalls}: one {@code syscall} handle where the numbers are known, libc's
     * functions elsewhere), in a holder that {@link #linkInBackground()} initialises off the loop, since
     * linking generates classes (tens of milliseconds on a cold JVM).
     */
    private static final class Sys {
        static final NativeCalls CALLS = NativeCalls.link(System.getProperty("os.arch"), Abi.LINKER, Abi.ERRNO_OPTION);

        /**
         * Links the calls (class initialisation) and makes one, {@code close(-1)}, which the kernel
         * rejects (EBADF), so that the first real call does not generate code.
         */
        static void link() throws Throwable {
            try (Arena arena = Arena.ofConfined()) {
                long rc = CALLS.close(arena.allocate(Abi.CAPTURE), -1);
                if (rc != -1) {
                    throw new IllegalStateException("close(-1) returned " + rc);
                }
            }
        }
    }

    /** strerror, linked only when a call fails. */
    private static final class Strerror {
        static final MethodHandle HANDLE = Abi.LINKER.downcallHandle(Abi.LINKER.defaultLookup().findOrThrow("strerror"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * Links the native call on a daemon thread of its own ("lws-dhcp-link"), once; later calls return
     * the same future. Any thread. A call of this class made before linking ends waits for it (class
     * initialisation), so callers on the loop wait for the future instead.
     *
     * @return completed when the calls can be made at once; failed if they cannot be linked (no
     *         {@code --enable-native-access})
     */
    static CompletableFuture<Void> linkInBackground() {
        if (LINKING.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("lws-dhcp-link").start(() -> {
                try {
                    Sys.link();
                    LINKED.complete(null);
                } catch (Throwable e) {
                    LINKED.completeExceptionally(e);
                }
            });
        }
        return LINKED;
    }

    /**
     * Opens a send-only packet socket: {@code socket(AF_PACKET, SOCK_DGRAM, 0)}; protocol 0 receives
     * nothing, so no frame is ever queued on it.
     *
     * @return the file descriptor
     * @throws IOException with the errno text (EPERM without CAP_NET_RAW)
     */
    static int packetSocket() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Abi.CAPTURE);
            int fd = (int) Sys.CALLS.socket(state, AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket(AF_PACKET)", state);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("socket downcall", t);
        }
    }

    /**
     * Binds a socket to one interface ({@code SO_BINDTODEVICE}): it sends out of and receives from it only.
     *
     * @param fd the socket
     * @param interfaceName the interface
     * @throws IOException with the errno text
     */
    static void bindToDevice(int fd, String interfaceName) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Abi.CAPTURE);
            byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
            MemorySegment value = arena.allocate(name.length + 1L);
            value.copyFrom(MemorySegment.ofArray(name));
            long rc = Sys.CALLS.setsockopt(state, fd, SOL_SOCKET, SO_BINDTODEVICE, value, name.length + 1);
            if (rc != 0) {
                throw failure("setsockopt(SO_BINDTODEVICE, " + interfaceName + ")", state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt downcall", t);
        }
    }

    /**
     * Sends an IPv4 packet (header included) to the Ethernet broadcast address of an interface.
     *
     * @param fd a packet socket
     * @param ifindex the interface index
     * @param packet the IPv4 packet
     * @throws IOException with the errno text
     */
    static void sendBroadcastFrame(int fd, int ifindex, byte[] packet) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Abi.CAPTURE);
            MemorySegment buf = arena.allocate(packet.length);
            buf.copyFrom(MemorySegment.ofArray(packet));
            MemorySegment sll = arena.allocate(SOCKADDR_LL_SIZE, 4);
            sll.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            sll.set(ValueLayout.JAVA_BYTE, 2, (byte) (ETH_P_IP >>> 8)); // sll_protocol, network order
            sll.set(ValueLayout.JAVA_BYTE, 3, (byte) ETH_P_IP);
            sll.set(ValueLayout.JAVA_INT, 4, ifindex);
            sll.set(ValueLayout.JAVA_BYTE, 11, (byte) 6); // sll_halen
            for (int i = 0; i < 6; i++) {
                sll.set(ValueLayout.JAVA_BYTE, 12 + i, (byte) 0xff);
            }
            long n = Sys.CALLS.sendto(state, fd, buf, packet.length, 0, sll, SOCKADDR_LL_SIZE);
            if (n != packet.length) {
                throw failure("sendto(AF_PACKET, ifindex " + ifindex + ")", state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sendto downcall", t);
        }
    }

    /**
     * @param fd a descriptor this class opened
     */
    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            long rc = Sys.CALLS.close(arena.allocate(Abi.CAPTURE), fd);
            assert rc == 0 : "close(" + fd + ") failed";
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall", t);
        }
    }

    /**
     * @param channel a socket channel of the JDK
     * @return its file descriptor
     * @throws IllegalStateException without {@code --add-exports java.base/sun.nio.ch=lws.dhcp}
     */
    static int fd(Channel channel) {
        try {
            Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            return (int) m.invoke(channel);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("dhcp needs --add-exports java.base/sun.nio.ch="
                    + moduleName() + " to bind its socket to the interface", e);
        } catch (ClassNotFoundException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e);
        }
    }

    /**
     * Checks, without reflection, that {@link #fd} will work.
     *
     * @throws IllegalStateException without {@code --add-exports java.base/sun.nio.ch=lws.dhcp}
     */
    static void checkFdAccess() {
        if (!Object.class.getModule().isExported("sun.nio.ch", Native.class.getModule())) {
            throw new IllegalStateException("dhcp needs --add-exports java.base/sun.nio.ch=" + moduleName()
                    + " to bind its socket to the interface");
        }
    }

    private static String moduleName() {
        Module m = Native.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    private static IOException failure(String call, MemorySegment state) throws Throwable {
        int errno = (int) Abi.ERRNO.get(state, 0L);
        MemorySegment text = ((MemorySegment) Strerror.HANDLE.invokeExact(errno)).reinterpret(256);
        return new IOException(call + ": " + text.getString(0) + " (errno " + errno + ")");
    }
}
