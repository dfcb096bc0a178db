package lws.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TTL cache: question (name, type) to {@link CacheEntry}, at most {@code capacity} entries (the
 * oldest insertion is evicted first). Expired entries are dropped when looked up. Capacity 0 stores
 * nothing. Loop thread only.
 */
final class DnsCache {
    /** A cache key: the name lower case without trailing dot, and the record type. */
    record Key(String name, int type) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, CacheEntry> entries;

    DnsCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CacheEntry> eldest) {
                return size() > DnsCache.this.capacity;
            }
        };
    }

    /**
     * @param key the question
     * @param now the monotonic clock now, in nanoseconds
     * @return the entry, or null if absent or expired
     */
    CacheEntry get(Key key, long now) {
        if (capacity == 0) {
            return null;
        }
        CacheEntry entry = entries.get(key);
        if (entry != null && entry.expiresAt() - now <= 0) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /**
     * Stores {@code entry} unless it is already expired or the cache is off.
     *
     * @param key the question
     * @param entry what is known
     * @param now the monotonic clock now
     */
    void put(Key key, CacheEntry entry, long now) {
        if (capacity > 0 && entry.expiresAt() - now > 0) {
            entries.remove(key);
            entries.put(key, entry);
        }
    }

    /** @return the number of entries, expired ones not yet dropped included */
    int size() {
        return entries.size();
    }

    /** Drops every entry (the servers changed). */
    void clear() {
        entries.clear();
    }
}
