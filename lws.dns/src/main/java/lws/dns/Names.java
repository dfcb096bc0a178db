package lws.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Host-name helpers shared by the resolver, the hosts file and resolv.conf. Stateless. */
final class Names {
    private Names() {
    }

    /**
     * @param name a host name
     * @return {@code name} without one trailing dot
     */
    static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * @param name a host name as given
     * @return its cache and hosts-file key: lower case, no trailing dot
     */
    static String key(String name) {
        return trimDot(name).toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a relative or absolute host name
     * @return the absolute dnsjava name
     * @throws IllegalArgumentException if it is not a valid DNS name
     */
    static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a valid DNS name", e);
        }
    }

    /**
     * The names to try for {@code host}, in order (resolv.conf(5)): a name ending in a dot only as is;
     * a name with at least {@code ndots} dots as is, then with each search domain; otherwise with each
     * search domain, then as is.
     *
     * @param host the name as given
     * @param search the search domains, without trailing dots
     * @param ndots the ndots threshold
     * @return the candidate names, lower case, without trailing dots
     */
    static List<String> candidates(String host, List<String> search, int ndots) {
        String base = key(host);
        if (host.endsWith(".") || search.isEmpty()) {
            return List.of(base);
        }
        boolean asIsFirst = asIsFirst(host, base, search, ndots);
        List<String> out = new ArrayList<>(search.size() + 1);
        if (asIsFirst) {
            out.add(base);
        }
        for (String domain : search) {
            out.add(base + "." + key(domain));
        }
        if (!asIsFirst) {
            out.add(base);
        }
        return out;
    }

    /**
     * @param host the name as given
     * @param key its {@link #key}
     * @param search the search domains
     * @param ndots the ndots threshold
     * @return true if the name as is is the first candidate
     */
    static boolean asIsFirst(String host, String key, List<String> search, int ndots) {
        if (search.isEmpty() || host.endsWith(".")) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < key.length() && dots < ndots; i++) {
            if (key.charAt(i) == '.') {
                dots++;
            }
        }
        return dots >= ndots;
    }
}
