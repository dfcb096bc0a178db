package lws.dhcp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("restricted") // the module's tests run with --enable-native-access=lws.dhcp
class NativeTest {
    @Test
    void readsTheChannelDescriptorAndReportsErrnoText() throws Exception {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            int fd = Native.fd(ch);
            assertTrue(fd > 2, "a real descriptor: " + fd);
            IOException e = assertThrows(IOException.class, () -> Native.bindToDevice(fd, "lwsnosuchif0"));
            // ENODEV as root, EPERM otherwise: either way errno and its text are reported
            assertTrue(e.getMessage().matches(".*SO_BINDTODEVICE, lwsnosuchif0\\): .+ \\(errno \\d+\\)"), e.getMessage());
        }
    }

    @Test
    void sendtoGoesThroughTheSystemCallAndReportsEbadf() throws Exception {
        Native.linkInBackground().get(30, TimeUnit.SECONDS);
        IOException e = assertThrows(IOException.class, () -> Native.sendBroadcastFrame(-1, 1, new byte[20]));
        assertTrue(e.getMessage().matches("sendto\\(AF_PACKET, ifindex 1\\): .+ \\(errno 9\\)"), e.getMessage());
    }

    @Test
    void systemCallNumbersPerArchitectureAndLibcElsewhere() {
        assertEquals(Optional.of(new NativeCalls.SyscallNumbers(41, 54, 44, 3)), NativeCalls.SyscallNumbers.of("amd64"));
        assertEquals(Optional.of(new NativeCalls.SyscallNumbers(198, 208, 206, 57)), NativeCalls.SyscallNumbers.of("aarch64"));
        assertEquals(NativeCalls.SyscallNumbers.of("aarch64"), NativeCalls.SyscallNumbers.of("riscv64"), "asm-generic numbering");
        assertEquals(Optional.empty(), NativeCalls.SyscallNumbers.of("s390x"));
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        assertInstanceOf(NativeCalls.ViaSyscall.class, NativeCalls.link("amd64", linker, errno));
        assertInstanceOf(NativeCalls.ViaLibc.class, NativeCalls.link("s390x", linker, errno));
    }

    /** Both ways make the same calls: each rejects descriptor -1 with EBADF, and socket(-1) with EAFNOSUPPORT. */
    @Test
    void syscallAndLibcCallsBehaveAlike() throws Throwable {
        Linker linker = Linker.nativeLinker();
        Linker.Option errnoOption = Linker.Option.captureCallState("errno");
        StructLayout capture = Linker.Option.captureStateLayout();
        VarHandle errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        List<NativeCalls> both = List.of(NativeCalls.link(System.getProperty("os.arch"), linker, errnoOption),
                NativeCalls.ViaLibc.link(linker, errnoOption));
        for (NativeCalls calls : both) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(capture);
                MemorySegment buf = arena.allocate(32, 4);
                assertEquals(-1, calls.close(state, -1), calls.getClass().getSimpleName());
                assertEquals(9, (int) errno.get(state, 0L), "EBADF");
                assertEquals(-1, calls.sendto(state, -1, buf, 1, 0, buf, 20));
                assertEquals(9, (int) errno.get(state, 0L), "EBADF");
                assertEquals(-1, calls.setsockopt(state, -1, Native.SOL_SOCKET, Native.SO_BINDTODEVICE, buf, 1));
                assertEquals(9, (int) errno.get(state, 0L), "EBADF");
                assertEquals(-1, calls.socket(state, -1, Native.SOCK_DGRAM, 0));
                assertEquals(97, (int) errno.get(state, 0L), "EAFNOSUPPORT");
            }
        }
    }
}
