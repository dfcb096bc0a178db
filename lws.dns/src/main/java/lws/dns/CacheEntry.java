package lws.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What is known about one question (name, type), from a reply or the cache, valid until
 * {@link #expiresAt()} on the loop's monotonic clock.
 */
sealed interface CacheEntry {
    /** @return when the entry stops being valid, in monotonic-clock nanoseconds */
    long expiresAt();

    /**
     * Records of the asked type, possibly at the end of a CNAME chain.
     *
     * @param name the owner name of the records (the chain's end), lower case without the trailing dot
     * @param records the record data in presentation format
     * @param addresses the addresses, for A and AAAA (else empty)
     * @param expiresAt the smallest TTL on the chain, as an expiry time
     */
    record Positive(String name, List<String> records, List<InetAddress> addresses, long expiresAt) implements CacheEntry {
        /** Copies the lists. */
        public Positive {
            Objects.requireNonNull(name, "name");
            records = List.copyOf(records);
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The name does not exist, or has no record of the type (RFC 2308).
     *
     * @param nxdomain true for NXDOMAIN, false for NODATA
     * @param expiresAt from the SOA in the reply's authority section; a reply without SOA is not cached
     */
    record Negative(boolean nxdomain, long expiresAt) implements CacheEntry {
    }

    /**
     * The name is an alias whose target the reply did not resolve: ask again for {@code target}.
     *
     * @param target the CNAME chain's last name, lower case without the trailing dot
     * @param expiresAt the smallest TTL on the chain, as an expiry time
     */
    record Redirect(String target, long expiresAt) implements CacheEntry {
        /** Checks for nulls. */
        public Redirect {
            Objects.requireNonNull(target, "target");
        }
    }
}
