package lws.dhcp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

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
}
