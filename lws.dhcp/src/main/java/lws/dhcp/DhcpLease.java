package lws.dhcp;

import lws.app.api.IpPrefix;
import lws.app.api.NetworkInfo;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A DHCP lease as acknowledged by a server: the address and everything that came with it.
 *
 * @param interfaceName the interface the lease is for
 * @param address the leased address
 * @param prefixLength the subnet prefix length from option 1 (32 when the server sent none)
 * @param routers routers from option 3, in order
 * @param classlessRoutes routes from option 121 (RFC 3442); when present, they replace {@code routers}
 * @param dnsServers DNS servers from option 6
 * @param ntpServers NTP servers from option 42
 * @param domain the domain name from option 15, or ""
 * @param searchDomains the domain search list from option 119 (RFC 3397)
 * @param hostname the host name from option 12, or ""
 * @param broadcast the broadcast address from option 28, or computed from address and prefix
 * @param mtu the interface MTU from option 26, or 0 when not given
 * @param serverId the server identifier (option 54)
 * @param leaseTime the lease time (option 51)
 * @param renewalTime T1 (option 58, default half the lease)
 * @param rebindingTime T2 (option 59, default 7/8 of the lease)
 * @param obtainedAt when the request that the server acknowledged was sent, on the wall clock
 * @param unknownOptions options this client does not interpret: code → value in hex
 */
public record DhcpLease(String interfaceName, Inet4Address address, int prefixLength, List<Inet4Address> routers,
        List<Route> classlessRoutes, List<Inet4Address> dnsServers, List<Inet4Address> ntpServers, String domain,
        List<String> searchDomains, String hostname, Inet4Address broadcast, int mtu, Inet4Address serverId,
        Duration leaseTime, Duration renewalTime, Duration rebindingTime, Instant obtainedAt,
        Map<Integer, String> unknownOptions) {

    /**
     * A classless static route (option 121).
     *
     * @param destination the destination prefix
     * @param gateway the router, or 0.0.0.0 for an on-link route
     */
    public record Route(IpPrefix destination, Inet4Address gateway) {
        /** Checks for nulls. */
        public Route {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(gateway, "gateway");
        }
    }

    /** Copies the collections and checks the invariants (0 &lt; T1 &lt; T2 &lt; lease, prefix 0–32). */
    public DhcpLease {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        routers = List.copyOf(routers);
        classlessRoutes = List.copyOf(classlessRoutes);
        dnsServers = List.copyOf(dnsServers);
        ntpServers = List.copyOf(ntpServers);
        Objects.requireNonNull(domain, "domain");
        searchDomains = List.copyOf(searchDomains);
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        unknownOptions = Map.copyOf(unknownOptions);
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0..32");
        }
        if (!leaseTime.isPositive() || !renewalTime.isPositive() || renewalTime.compareTo(rebindingTime) >= 0
                || rebindingTime.compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException("times must satisfy 0 < T1 < T2 < lease: T1 " + renewalTime
                    + " T2 " + rebindingTime + " lease " + leaseTime);
        }
    }

    /** @return the subnet mask in dotted form, e.g. {@code 255.255.255.0} */
    public String netmask() {
        int mask = maskBits(prefixLength);
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    /** @return when the lease ends on the wall clock */
    public Instant expiresAt() {
        return obtainedAt.plus(leaseTime);
    }

    /** @return the routers to use: the gateways of option 121 when present, else option 3 */
    public List<Inet4Address> effectiveRouters() {
        if (classlessRoutes.isEmpty()) {
            return routers;
        }
        List<Inet4Address> out = new ArrayList<>();
        for (Route r : classlessRoutes) {
            if (r.destination().prefixLength() == 0 && !r.gateway().isAnyLocalAddress()) {
                out.add(r.gateway());
            }
        }
        return out;
    }

    /** @return this lease as a network snapshot for {@code NetworkState} (source {@code "dhcp IF"}) */
    public NetworkInfo toNetworkInfo() {
        List<String> search = new ArrayList<>();
        if (!domain.isEmpty()) {
            search.add(domain);
        }
        searchDomains.stream().filter(d -> !search.contains(d)).forEach(search::add);
        return new NetworkInfo(interfaceName, List.of(new IpPrefix(address, prefixLength)),
                List.<InetAddress>copyOf(effectiveRouters()), List.<InetAddress>copyOf(dnsServers),
                List.<InetAddress>copyOf(ntpServers), search, "dhcp " + interfaceName);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " from " + serverId.getHostAddress() + " for "
                + leaseTime.toSeconds() + "s on " + interfaceName;
    }

    static int maskBits(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * Builds the lease from a DHCPACK.
     *
     * @param interfaceName the interface
     * @param ack the acknowledgement
     * @param obtainedAt when the acknowledged request was sent
     * @return the lease
     * @throws MalformedPacketException if a required option is missing or malformed
     */
    static DhcpLease fromAck(String interfaceName, DhcpMessage ack, Instant obtainedAt) throws MalformedPacketException {
        DhcpOptions o = ack.options();
        Inet4Address server = o.address(Opt.SERVER_ID);
        long lease = o.u32(Opt.LEASE_TIME);
        if (server == null || lease <= 0) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                    "DHCPACK without " + (server == null ? "server identifier (54)" : "a positive lease time (51)"));
        }
        if (ack.yiaddr().isAnyLocalAddress()) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH, "DHCPACK with yiaddr 0.0.0.0");
        }
        lease = Math.min(lease, 0xffffffffL - 1); // 0xffffffff is "infinite": treat as ~136 years
        long t1 = o.u32(Opt.T1);
        long t2 = o.u32(Opt.T2);
        if (t1 <= 0 || t2 <= 0 || t1 >= t2 || t2 >= lease) {
            t1 = lease / 2;
            t2 = lease * 7 / 8;
        }
        if (t1 <= 0 || t2 <= t1) { // very short leases: keep the invariants with sub-second precision
            return build(interfaceName, ack, o, server, Duration.ofSeconds(lease), Duration.ofMillis(lease * 500),
                    Duration.ofMillis(lease * 875), obtainedAt);
        }
        return build(interfaceName, ack, o, server, Duration.ofSeconds(lease), Duration.ofSeconds(t1),
                Duration.ofSeconds(t2), obtainedAt);
    }

    private static DhcpLease build(String iface, DhcpMessage ack, DhcpOptions o, Inet4Address server, Duration lease,
            Duration t1, Duration t2, Instant obtainedAt) throws MalformedPacketException {
        Inet4Address mask = o.address(Opt.SUBNET_MASK);
        int prefix = 32;
        if (mask != null) {
            int m = java.nio.ByteBuffer.wrap(mask.getAddress()).getInt();
            prefix = Integer.bitCount(m);
            if (maskBits(prefix) != m) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                        "subnet mask " + mask.getHostAddress() + " is not contiguous");
            }
        }
        Inet4Address broadcast = o.address(Opt.BROADCAST);
        if (broadcast == null) {
            int a = java.nio.ByteBuffer.wrap(ack.yiaddr().getAddress()).getInt() | ~maskBits(prefix);
            broadcast = DhcpOptions.ipv4(java.nio.ByteBuffer.allocate(4).putInt(a).array(), 0);
        }
        int mtu = o.u16(Opt.MTU);
        Map<Integer, String> unknown = new TreeMap<>();
        o.asMap().forEach((code, value) -> {
            if (!Opt.known(code)) {
                unknown.put(code, HexFormat.of().formatHex(value));
            }
        });
        return new DhcpLease(iface, ack.yiaddr(), prefix, o.addresses(Opt.ROUTER), classlessRoutes(o.bytes(Opt.CLASSLESS_ROUTES)),
                o.addresses(Opt.DNS), o.addresses(Opt.NTP), o.text(Opt.DOMAIN_NAME), searchList(o.bytes(Opt.DOMAIN_SEARCH)),
                o.text(Opt.HOSTNAME), broadcast, Math.max(0, mtu), server, lease, t1, t2, obtainedAt, unknown);
    }

    /** Decodes option 121: (width, significant destination octets, router) repeated. */
    static List<Route> classlessRoutes(byte[] v) throws MalformedPacketException {
        List<Route> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        int i = 0;
        while (i < v.length) {
            int width = v[i] & 0xff;
            int octets = (width + 7) / 8;
            if (width > 32 || i + 1 + octets + 4 > v.length) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH,
                        "option 121 route at " + i + " is truncated or has width " + width);
            }
            byte[] dest = new byte[4];
            System.arraycopy(v, i + 1, dest, 0, octets);
            out.add(new Route(new IpPrefix(DhcpOptions.ipv4(dest, 0), width), DhcpOptions.ipv4(v, i + 1 + octets)));
            i += 1 + octets + 4;
        }
        return out;
    }

    /** Decodes option 119: DNS names in wire format, with compression pointers into the option. */
    static List<String> searchList(byte[] v) throws MalformedPacketException {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        int i = 0;
        while (i < v.length) {
            StringBuilder name = new StringBuilder();
            int at = i;
            int next = -1;
            int jumps = 0;
            while (true) {
                if (at >= v.length) {
                    throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH, "option 119 name runs past the end");
                }
                int len = v[at] & 0xff;
                if (len == 0) {
                    at++;
                    break;
                }
                if ((len & 0xc0) == 0xc0) {
                    if (at + 1 >= v.length || ++jumps > 64) {
                        throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH, "option 119 bad pointer");
                    }
                    if (next < 0) {
                        next = at + 2;
                    }
                    at = ((len & 0x3f) << 8) | (v[at + 1] & 0xff);
                    continue;
                }
                if (len > 63 || at + 1 + len > v.length) {
                    throw new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_LENGTH, "option 119 bad label");
                }
                if (!name.isEmpty()) {
                    name.append('.');
                }
                name.append(new String(v, at + 1, len, StandardCharsets.US_ASCII));
                at += 1 + len;
            }
            out.add(name.toString());
            i = next >= 0 ? next : at;
        }
        return out;
    }
}
