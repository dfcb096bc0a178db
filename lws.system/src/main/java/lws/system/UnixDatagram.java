package lws.system;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Unix-domain <em>datagram</em> socket through the FFM API (the JDK has only stream sockets), as
 * sd_notify needs. A path starting with {@code @} is in the abstract namespace. Blocking calls;
 * not thread-safe. Needs {@code --enable-native-access=lws.system}.
 */
final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = downcall("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    /** Opens an unbound datagram socket. */
    UnixDatagram() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int result = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (result < 0) {
                throw error("socket", state);
            }
            fd = result;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static IOException error(String call, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new IOException(call + " failed: errno " + errno);
    }

    /** @return a {@code sockaddr_un} for {@code path} and its length, in {@code arena} */
    private static MemorySegment address(Arena arena, String path) throws IOException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH) {
            throw new IOException("socket path too long: " + path);
        }
        if (bytes.length > 0 && bytes[0] == '@') {
            bytes[0] = 0; // abstract namespace
        }
        MemorySegment sa = arena.allocate(2 + bytes.length + 1);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, sa, ValueLayout.JAVA_BYTE, 2, bytes.length);
        return sa;
    }

    private static int addressLength(String path) {
        int n = path.getBytes(StandardCharsets.UTF_8).length;
        return path.startsWith("@") ? 2 + n : 2 + n + 1;
    }

    /**
     * Sends one datagram.
     *
     * @param path the destination socket
     * @param message the payload
     * @throws IOException if the kernel refuses it
     */
    void send(String path, byte[] message) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
            long sent = (long) SENDTO.invokeExact(state, fd, data, (long) message.length, MSG_NOSIGNAL,
                    address(arena, path), addressLength(path));
            if (sent < 0) {
                throw error("sendto " + path, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Binds the socket to {@code path} (for receiving).
     *
     * @param path the path
     * @throws IOException if the bind fails
     */
    void bind(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) BIND.invokeExact(state, fd, address(arena, path), addressLength(path));
            if (rc < 0) {
                throw error("bind " + path, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Receives one datagram, blocking.
     *
     * @param max the largest datagram to accept
     * @return the payload
     * @throws IOException if the receive fails
     */
    byte[] receive(int max) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(max);
            long n = (long) RECV.invokeExact(state, fd, buffer, (long) max, 0);
            if (n < 0) {
                throw error("recv", state);
            }
            return buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
