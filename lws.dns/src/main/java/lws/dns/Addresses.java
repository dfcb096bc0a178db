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
}
