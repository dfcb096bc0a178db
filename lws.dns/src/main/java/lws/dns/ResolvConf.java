package lws.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What lwsd takes from a resolv.conf: {@code nameserver} lines (port 53), the {@code search} list (or
 * {@code domain}, whichever comes last, as glibc does) and {@code options ndots:n}. Other lines and
 * options are ignored; a malformed {@code nameserver} line is skipped. Immutable.
 *
 * @param servers the name servers in file order
 * @param search the search domains, without trailing dots
 * @param ndots the {@code ndots} option, if present
 */
record ResolvConf(List<InetSocketAddress> servers, List<String> search, OptionalInt ndots) {
    /** The file's contents when it is missing or unreadable. */
    static final ResolvConf EMPTY = new ResolvConf(List.of(), List.of(), OptionalInt.empty());

    ResolvConf {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
    }

    /**
     * @param text the file's contents
     * @return what it says
     */
    static ResolvConf parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        OptionalInt ndots = OptionalInt.empty();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "nameserver" -> {
                    if (words.length > 1) {
                        literal(words[1]).ifPresent(a -> servers.add(new InetSocketAddress(a, 53)));
                    }
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < words.length; i++) {
                        String d = Names.trimDot(words[i]);
                        if (!d.isEmpty()) {
                            search.add(d);
                        }
                    }
                }
                case "options" -> {
                    for (int i = 1; i < words.length; i++) {
                        if (words[i].startsWith("ndots:")) {
                            try {
                                ndots = OptionalInt.of(Math.min(15, Integer.parseInt(words[i].substring(6))));
                            } catch (NumberFormatException ignoredOption) {
                                ndots = OptionalInt.empty(); // glibc ignores a malformed option too
                            }
                        }
                    }
                }
                default -> {
                    // sortlist and unknown keywords do not concern lwsd
                }
            }
        }
        return new ResolvConf(servers, search, ndots);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return cut < 0 ? line : line.substring(0, cut);
    }

    /**
     * @param text an IPv4 or IPv6 literal (IPv6 scope ids allowed)
     * @return the address, or empty if {@code text} is not a literal (never a DNS query)
     */
    static Optional<InetAddress> literal(String text) {
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException notLiteral) {
            return Optional.empty();
        }
    }
}
