package lws.dhcp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void systemCallNumbersPerArchitecture() {
        assertEquals(new Native.SyscallNumbers(41, 54, 44, 3), Native.SyscallNumbers.of("amd64"));
        assertEquals(new Native.SyscallNumbers(198, 208, 206, 57), Native.SyscallNumbers.of("aarch64"));
        assertEquals(Native.SyscallNumbers.of("aarch64"), Native.SyscallNumbers.of("riscv64"), "asm-generic numbering");
        assertThrows(UnsupportedOperationException.class, () -> Native.SyscallNumbers.of("s390x"));
    }
}
