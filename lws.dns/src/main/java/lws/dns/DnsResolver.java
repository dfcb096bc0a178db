package lws.dns;

import lws.app.api.DnsAnswer;
import lws.app.api.Resolver;
import lws.system.EventLoop;
import lws.system.Owned;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The system resolver apps see ({@link Resolver}): hosts file, address literals, search list, cache and
 * the {@link QueryEngine}. Calls from other threads hop to the loop; every stage completes on the loop
 * (a cache hit asked on the loop is complete on return). Failures are {@link UnknownHostException}s whose
 * message names the host and the cause ({@code "nope.test: NXDOMAIN"}).
 *
 * <p>Threading: the {@link Resolver} methods from any thread; everything else on the loop thread.
 */
final class DnsResolver implements Resolver {
    final DnsCache cache;
    final DnsCounters counters;
    final QueryEngine engine;
    private final EventLoop loop;
    private final DnsSettings.Family family;
    private ServerList servers;
    private HostsFile hosts = HostsFile.EMPTY;

    DnsResolver(EventLoop loop, QueryEngine engine, DnsCache cache, DnsCounters counters, ServerList servers) {
        this.loop = loop;
        this.engine = engine;
        this.cache = cache;
        this.counters = counters;
        this.family = engine.settings.family();
        this.servers = Objects.requireNonNull(servers, "servers");
    }

    long now() {
        return loop.clock().nanos();
    }

    ServerList servers() {
        return servers;
    }

    /**
     * Replaces the servers and search rules; the cache is emptied when the servers change.
     *
     * @param next the new list
     * @return true if anything changed
     */
    boolean servers(ServerList next) {
        if (next.equals(servers)) {
            return false;
        }
        if (!next.servers().equals(servers.servers())) {
            cache.clear();
        }
        servers = next;
        return true;
    }

    /** @param next the hosts file now in force */
    void hosts(HostsFile next) {
        hosts = Objects.requireNonNull(next, "next");
    }

    HostsFile hosts() {
        return hosts;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        Objects.requireNonNull(host, "host");
        if (!loop.inLoop()) {
            return hop(host, () -> resolve(host));
        }
        CompletableFuture<List<InetAddress>> future = new CompletableFuture<>();
        Optional<InetAddress> literal = ResolvConf.literal(host);
        if (literal.isPresent()) {
            future.complete(List.of(literal.get()));
            return future;
        }
        List<InetAddress> fromHosts = hosts.addresses(Names.key(host), family);
        if (!fromHosts.isEmpty()) {
            future.complete(fromHosts);
            return future;
        }
        new AddressLookup(host, future).start();
        return future;
    }

    /** A and AAAA lookups in parallel, merged in the configured family order. */
    private final class AddressLookup {
        private final String host;
        private final CompletableFuture<List<InetAddress>> future;
        private LookupResult v4;
        private LookupResult v6;
        private int pending;

        AddressLookup(String host, CompletableFuture<List<InetAddress>> future) {
            this.host = host;
            this.future = future;
        }

        void start() {
            pending = (family.wantsV4() ? 1 : 0) + (family.wantsV6() ? 1 : 0);
            if (family.wantsV4()) {
                run(Type.A, r -> v4 = r);
            }
            if (family.wantsV6()) {
                run(Type.AAAA, r -> v6 = r);
            }
        }

        private void run(int type, Consumer<LookupResult> into) {
            lookup(host, type, r -> {
                into.accept(r);
                if (--pending == 0) {
                    finish();
                }
            });
        }

        private void finish() {
            List<InetAddress> merged = Addresses.merge(family, addresses(v4), addresses(v6));
            if (!merged.isEmpty()) {
                future.complete(merged);
                return;
            }
            LookupResult first = family == DnsSettings.Family.IPV6_FIRST || v4 == null ? v6 : v4;
            LookupResult second = first == v4 ? v6 : v4;
            String cause = failureCause(first);
            if (cause == null) {
                cause = failureCause(second);
            }
            if (cause == null) {
                cause = first instanceof LookupResult.NxDomain || second instanceof LookupResult.NxDomain
                        ? "NXDOMAIN" : "no address records (NODATA)";
            }
            future.completeExceptionally(new UnknownHostException(host + ": " + cause));
        }

        private static String failureCause(LookupResult r) {
            return r instanceof LookupResult.Failed f ? f.cause() : null;
        }

        private static List<InetAddress> addresses(LookupResult r) {
            return r instanceof LookupResult.Found f ? f.entry().addresses() : List.of();
        }
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, String type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!loop.inLoop()) {
            return hop(name, () -> lookup(name, type));
        }
        int t = typeValue(type);
        if (t < 0) {
            return CompletableFuture.failedFuture(new UnknownHostException(name + ": unknown record type " + type));
        }
        String mnemonic = t == Type.A ? "A" : t == Type.AAAA ? "AAAA" : Type.string(t);
        String key = Names.key(name);
        if (t == Type.A || t == Type.AAAA) {
            List<InetAddress> fromHosts = hosts.addresses(key, t == Type.AAAA);
            if (!fromHosts.isEmpty()) {
                return CompletableFuture.completedFuture(new DnsAnswer(key, mnemonic,
                        fromHosts.stream().map(Addresses::text).toList(), Duration.ZERO, false));
            }
        }
        ServerList s = servers;
        long now = now();
        if (Names.asIsFirst(name, key, s.search(), s.ndots())
                && cache.get(new DnsCache.Key(key, t), now) instanceof CacheEntry.Positive hit) {
            counters.lookups++;
            counters.cacheHits++;
            return CompletableFuture.completedFuture(
                    new DnsAnswer(hit.name(), mnemonic, hit.records(), remaining(hit.expiresAt(), now), true));
        }
        CompletableFuture<DnsAnswer> future = new CompletableFuture<>();
        lookup(name, t, r -> {
            switch (r) {
                case LookupResult.Found f -> future.complete(answer(f.entry(), mnemonic, f.fromCache()));
                case LookupResult.NoData n -> future.complete(new DnsAnswer(n.name(), mnemonic, List.of(), Duration.ZERO, false));
                case LookupResult.NxDomain x -> future.completeExceptionally(new UnknownHostException(name + ": NXDOMAIN"));
                case LookupResult.Failed f -> future.completeExceptionally(new UnknownHostException(name + ": " + f.cause()));
            }
        });
        return future;
    }

    private DnsAnswer answer(CacheEntry.Positive entry, String mnemonic, boolean fromCache) {
        return new DnsAnswer(entry.name(), mnemonic, entry.records(), remaining(entry.expiresAt(), now()), fromCache);
    }

    private static Duration remaining(long expiresAt, long now) {
        return Duration.ofSeconds(Math.max(0, (expiresAt - now) / 1_000_000_000L));
    }

    private static int typeValue(String type) {
        return switch (type) {
            case "A" -> Type.A;
            case "AAAA" -> Type.AAAA;
            default -> Type.value(type);
        };
    }

    private void lookup(String host, int type, Consumer<LookupResult> done) {
        counters.lookups++;
        ServerList s = servers;
        new Lookup(this, type, Names.candidates(host, s.search(), s.ndots()), r -> {
            if (r instanceof LookupResult.Failed) {
                counters.failures++;
            }
            done.accept(r);
        }).start();
    }

    private <T> CompletionStage<T> hop(String host, Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            loop.execute(Owned.task("dns", () -> work.get().whenComplete((value, error) -> {
                if (error != null) {
                    future.completeExceptionally(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                } else {
                    future.complete(value);
                }
            })));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new UnknownHostException(host + ": resolver stopped"));
        }
        return future;
    }

    /** @return addresses of the hosts file by family, for status */
    List<String> describeServers() {
        List<String> out = new ArrayList<>();
        for (var s : servers.servers()) {
            out.add(QueryEngine.text(s));
        }
        return out;
    }
}
