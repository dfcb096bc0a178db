package lws.system;

import lws.app.api.DnsAnswer;
import lws.app.api.Resolver;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The resolver when no DNS helper is installed: every lookup fails, on the loop, with a message that
 * says so. It never guesses an answer.
 */
final class NoResolver implements Resolver {
    private final EventLoop loop;

    NoResolver(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public CompletionStage<List<InetAddress>> resolve(String host) {
        return fail(host);
    }

    @Override
    public CompletionStage<DnsAnswer> lookup(String name, String type) {
        return fail(name);
    }

    private <T> CompletionStage<T> fail(String name) {
        CompletableFuture<T> future = new CompletableFuture<>();
        loop.execute(() -> future.completeExceptionally(
                new IllegalStateException(name + ": DNS not available (no DNS helper installed)")));
        return future;
    }
}
