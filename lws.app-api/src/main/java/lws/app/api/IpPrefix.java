package lws.app.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address with its prefix length, e.g. {@code 10.77.0.50/24}.
 *
 * @param address the address
 * @param prefixLength the prefix length in bits (0–32 for IPv4, 0–128 for IPv6)
 */
public record IpPrefix(InetAddress address, int prefixLength) {
    /** Checks the invariants. */
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
