package lws.ntp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One NTP server to poll.
 *
 * @param label how it was configured, e.g. {@code "time.example:123"} or {@code "dhcp 10.77.0.1:123"}
 * @param address its resolved address and port (replies must come from exactly this)
 */
record ServerAddress(String label, InetSocketAddress address) {
    /** Checks for nulls and an unresolved address. */
    ServerAddress {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(label + ": address not resolved");
        }
    }
}
