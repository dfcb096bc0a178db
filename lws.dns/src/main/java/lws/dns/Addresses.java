package lws.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Orders IPv4 and IPv6 address lists by the configured family preference. Stateless. */
final class Addresses {
    private Addresses() {
    }

    /**
     * @param family the preference
     * @param v4 IPv4 addresses
     * @param v6 IPv6 addresses
     * @return the wanted addresses, preferred family first
     */
    static List<InetAddress> merge(DnsSettings.Family family, List<InetAddress> v4, List<InetAddress> v6) {
        List<InetAddress> out = new ArrayList<>(v4.size() + v6.size());
        switch (family) {
            case IPV4_FIRST -> {
                out.addAll(v4);
                out.addAll(v6);
            }
            case IPV6_FIRST -> {
                out.addAll(v6);
                out.addAll(v4);
            }
            case IPV4_ONLY -> out.addAll(v4);
            case IPV6_ONLY -> out.addAll(v6);
        }
        return out;
    }

    /**
     * @param address an address
     * @return its text: dotted quad, or IPv6 in the RFC 5952 canonical form ({@code 2001:db8::1})
     */
    static String text(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
