package lws.dhcp;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * How {@link Native} makes its four calls. Each downcall handle costs its own generated classes when it is
 * linked (about 10 ms on a cold JVM; the JDK 25 AOT cache keeps none of them), so where the Linux system
 * call numbers are known ({@link SyscallNumbers}) one variadic handle to libc's {@code syscall} serves all
 * four ({@link ViaSyscall}); on any other CPU type each libc function gets its own handle
 * ({@link ViaLibc}), slower to link and as correct. Every call returns -1 with {@code errno} captured in
 * {@code state} on failure. Immutable; any thread.
 */
@SuppressWarnings("restricted") // the module runs with --enable-native-access=lws.dhcp
sealed interface NativeCalls {
    /**
     * Links the calls for this JVM's CPU type.
     *
     * @param arch {@code os.arch}
     * @param linker the native linker
     * @param errno the option that captures {@code errno}
     * @return the calls: {@link ViaSyscall} where the numbers are known, else {@link ViaLibc}
     */
    static NativeCalls link(String arch, Linker linker, Linker.Option errno) {
        Optional<SyscallNumbers> numbers = SyscallNumbers.of(arch);
        return numbers.isPresent() ? ViaSyscall.link(numbers.get(), linker, errno) : ViaLibc.link(linker, errno);
    }

    /** {@code socket(domain, type, protocol)}. */
    long socket(MemorySegment state, int domain, int type, int protocol) throws Throwable;

    /** {@code setsockopt(fd, level, name, value, length)}. */
    long setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int length) throws Throwable;

    /** {@code sendto(fd, buf, length, flags, to, toLength)}. */
    long sendto(MemorySegment state, int fd, MemorySegment buf, long length, int flags, MemorySegment to, int toLength)
            throws Throwable;

    /** {@code close(fd)}. */
    long close(MemorySegment state, int fd) throws Throwable;

    /**
     * Linux system call numbers of the four calls.
     *
     * @param socket {@code __NR_socket}
     * @param setsockopt {@code __NR_setsockopt}
     * @param sendto {@code __NR_sendto}
     * @param close {@code __NR_close}
     */
    record SyscallNumbers(long socket, long setsockopt, long sendto, long close) {
        /**
         * @param arch the JVM's {@code os.arch}
         * @return the numbers: x86-64 from {@code asm/unistd_64.h}; aarch64, riscv64 and loongarch64 share
         *         {@code asm-generic/unistd.h}; empty for another CPU type
         */
        static Optional<SyscallNumbers> of(String arch) {
            return switch (arch) {
                case "amd64", "x86_64" -> Optional.of(new SyscallNumbers(41, 54, 44, 3));
                case "aarch64", "riscv64", "loongarch64" -> Optional.of(new SyscallNumbers(198, 208, 206, 57));
                default -> Optional.empty();
            };
        }
    }

    /**
     * The four calls through one handle, libc's {@code long syscall(long number, ...)}, all arguments
     * passed as {@code long} (unused ones as 0).
     *
     * @param numbers the system call numbers
     * @param syscall the linked handle
     */
    record ViaSyscall(SyscallNumbers numbers, MethodHandle syscall) implements NativeCalls {
        static ViaSyscall link(SyscallNumbers numbers, Linker linker, Linker.Option errno) {
            return new ViaSyscall(numbers, linker.downcallHandle(linker.defaultLookup().findOrThrow("syscall"),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                    Linker.Option.firstVariadicArg(1), errno));
        }

        private long call(MemorySegment state, long nr, long a, long b, long c, long d, long e, long f) throws Throwable {
            return (long) syscall.invokeExact(state, nr, a, b, c, d, e, f);
        }

        @Override
        public long socket(MemorySegment state, int domain, int type, int protocol) throws Throwable {
            return call(state, numbers.socket(), domain, type, protocol, 0, 0, 0);
        }

        @Override
        public long setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int length) throws Throwable {
            return call(state, numbers.setsockopt(), fd, level, name, value.address(), length, 0);
        }

        @Override
        public long sendto(MemorySegment state, int fd, MemorySegment buf, long length, int flags, MemorySegment to, int toLength)
                throws Throwable {
            return call(state, numbers.sendto(), fd, buf.address(), length, flags, to.address(), toLength);
        }

        @Override
        public long close(MemorySegment state, int fd) throws Throwable {
            return call(state, numbers.close(), fd, 0, 0, 0, 0, 0);
        }
    }

    /**
     * The four calls through libc's functions, one handle each.
     *
     * @param socket {@code int socket(int, int, int)}
     * @param setsockopt {@code int setsockopt(int, int, int, const void *, socklen_t)}
     * @param sendto {@code ssize_t sendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t)}
     * @param close {@code int close(int)}
     */
    record ViaLibc(MethodHandle socket, MethodHandle setsockopt, MethodHandle sendto, MethodHandle close) implements NativeCalls {
        static ViaLibc link(Linker linker, Linker.Option errno) {
            return new ViaLibc(
                    handle(linker, errno, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
                    handle(linker, errno, "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
                    handle(linker, errno, "sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)),
                    handle(linker, errno, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)));
        }

        private static MethodHandle handle(Linker linker, Linker.Option errno, String name, FunctionDescriptor descriptor) {
            return linker.downcallHandle(linker.defaultLookup().findOrThrow(name), descriptor, errno);
        }

        @Override
        public long socket(MemorySegment state, int domain, int type, int protocol) throws Throwable {
            return (int) socket.invokeExact(state, domain, type, protocol);
        }

        @Override
        public long setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int length) throws Throwable {
            return (int) setsockopt.invokeExact(state, fd, level, name, value, length);
        }

        @Override
        public long sendto(MemorySegment state, int fd, MemorySegment buf, long length, int flags, MemorySegment to, int toLength)
                throws Throwable {
            return (long) sendto.invokeExact(state, fd, buf, length, flags, to, toLength);
        }

        @Override
        public long close(MemorySegment state, int fd) throws Throwable {
            return (int) close.invokeExact(state, fd);
        }
    }
}
