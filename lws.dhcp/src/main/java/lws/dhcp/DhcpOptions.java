package lws.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one DHCP message, in the order they first appeared. An option that appears several
 * times is the concatenation of its parts (RFC 3396). Immutable once built; any thread.
 */
final class DhcpOptions {
    private final Map<Integer, byte[]> values;

    private DhcpOptions(Map<Integer, byte[]> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** @return an empty builder */
    static Builder builder() {
        return new Builder();
    }

    /** @return code → value, in order of first appearance */
    Map<Integer, byte[]> asMap() {
        return values;
    }

    boolean has(int code) {
        return values.containsKey(code);
    }

    byte[] bytes(int code) {
        byte[] v = values.get(code);
        return v == null ? null : v.clone();
    }

    /**
     * @return the value as one IPv4 address, or null when absent
     * @throws MalformedPacketException if present with a length other than 4
     */
    Inet4Address address(int code) throws MalformedPacketException {
        byte[] v = values.get(code);
        if (v == null) {
            return null;
        }
        if (v.length != 4) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                    "option " + code + " has length " + v.length + ", expected 4");
        }
        return ipv4(v, 0);
    }

    /**
     * @return the value as a list of IPv4 addresses (empty when absent)
     * @throws MalformedPacketException if the length is not a positive multiple of 4
     */
    List<Inet4Address> addresses(int code) throws MalformedPacketException {
        byte[] v = values.get(code);
        if (v == null) {
            return List.of();
        }
        if (v.length == 0 || v.length % 4 != 0) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                    "option " + code + " has length " + v.length + ", expected a multiple of 4");
        }
        List<Inet4Address> out = new ArrayList<>();
        for (int i = 0; i < v.length; i += 4) {
            out.add(ipv4(v, i));
        }
        return out;
    }

    /**
     * @return the value as an unsigned 32-bit number, or -1 when absent
     * @throws MalformedPacketException if present with a length other than 4
     */
    long u32(int code) throws MalformedPacketException {
        byte[] v = values.get(code);
        if (v == null) {
            return -1;
        }
        if (v.length != 4) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                    "option " + code + " has length " + v.length + ", expected 4");
        }
        return ((v[0] & 0xffL) << 24) | ((v[1] & 0xffL) << 16) | ((v[2] & 0xffL) << 8) | (v[3] & 0xffL);
    }

    /**
     * @return the value as an unsigned 16-bit number, or -1 when absent
     * @throws MalformedPacketException if present with a length other than 2
     */
    int u16(int code) throws MalformedPacketException {
        byte[] v = values.get(code);
        if (v == null) {
            return -1;
        }
        if (v.length != 2) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                    "option " + code + " has length " + v.length + ", expected 2");
        }
        return ((v[0] & 0xff) << 8) | (v[1] & 0xff);
    }

    /** @return the value as text (trailing NULs removed), or "" when absent */
    String text(int code) {
        byte[] v = values.get(code);
        if (v == null) {
            return "";
        }
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        return new String(v, 0, n, StandardCharsets.US_ASCII);
    }

    static Inet4Address ipv4(byte[] b, int at) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    /** Collects options; repeated codes are concatenated (RFC 3396). Not thread-safe. */
    static final class Builder {
        private final Map<Integer, byte[]> values = new LinkedHashMap<>();

        private Builder() {
        }

        Builder add(int code, byte[] value) {
            if (code <= Opt.PAD || code >= Opt.END) {
                throw new IllegalArgumentException("option code " + code + " cannot carry a value");
            }
            values.merge(code, value.clone(), (a, b) -> {
                byte[] joined = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, joined, a.length, b.length);
                return joined;
            });
            return this;
        }

        Builder add(int code, Inet4Address address) {
            return add(code, address.getAddress());
        }

        Builder add(int code, String text) {
            return add(code, text.getBytes(StandardCharsets.US_ASCII));
        }

        boolean has(int code) {
            return values.containsKey(code);
        }

        Builder addU32(int code, long value) {
            return add(code, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }

        Builder addU16(int code, int value) {
            return add(code, new byte[] {(byte) (value >>> 8), (byte) value});
        }

        DhcpOptions build() {
            return new DhcpOptions(new LinkedHashMap<>(values));
        }
    }
}
