package lws.app.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link Resolver#lookup}: the records of the asked type, in presentation format.
 *
 * @param name the name that was finally answered (after search domains and CNAMEs)
 * @param type the record type mnemonic
 * @param records the record data in presentation format, e.g. {@code "192.0.2.1"}; empty for NODATA
 * @param ttl the time the answer may be cached (the smallest TTL involved)
 * @param fromCache whether the answer came from the cache without a query
 */
public record DnsAnswer(String name, String type, List<String> records, Duration ttl, boolean fromCache) {
    /** Copies the record list and checks for nulls. */
    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        records = List.copyOf(records);
        Objects.requireNonNull(ttl, "ttl");
    }
}
