package lws.dns;

import java.util.Objects;

/** How one lookup of (name, type) ended, before it is turned into an app-facing answer or error. */
sealed interface LookupResult {
    /**
     * Records found.
     *
     * @param entry the records and their expiry
     * @param fromCache true if no query was sent for this lookup
     */
    record Found(CacheEntry.Positive entry, boolean fromCache) implements LookupResult {
        /** Checks for nulls. */
        public Found {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * The name exists (for at least one candidate) but has no record of the type.
     *
     * @param name the candidate name that answered NODATA
     */
    record NoData(String name) implements LookupResult {
        /** Checks for nulls. */
        public NoData {
            Objects.requireNonNull(name, "name");
        }
    }

    /** No candidate name exists. */
    record NxDomain() implements LookupResult {
    }

    /**
     * No answer could be had.
     *
     * @param cause e.g. {@code "timeout after 3 tries to 127.0.0.1:5354"}
     */
    record Failed(String cause) implements LookupResult {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
