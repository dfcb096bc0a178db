package lws.system;

import lws.app.api.NetworkInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the system knows of the network, as immutable {@link NetworkInfo} snapshots: the DHCP helper
 * publishes, the DNS and NTP helpers subscribe and pick their servers from it.
 *
 * <p>Threading: {@link #current()} any thread; {@link #publish} and {@link #subscribe} on the loop
 * thread, where subscribers are called.
 */
public final class NetworkState {
    private final EventLoop loop;
    private final List<Consumer<NetworkInfo>> subscribers = new ArrayList<>();
    private volatile NetworkInfo current = NetworkInfo.hostManaged();

    /** @param loop the loop that owns this state */
    public NetworkState(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** @return the latest snapshot; any thread */
    public NetworkInfo current() {
        return current;
    }

    /**
     * Replaces the snapshot and tells every subscriber, in subscription order, if it changed. Loop thread.
     *
     * @param info the new snapshot
     */
    public void publish(NetworkInfo info) {
        assert loop.inLoop();
        Objects.requireNonNull(info, "info");
        if (info.equals(current)) {
            return;
        }
        current = info;
        for (Consumer<NetworkInfo> subscriber : List.copyOf(subscribers)) {
            subscriber.accept(info);
        }
    }

    /**
     * Calls {@code subscriber} with every later snapshot. Loop thread.
     *
     * @param subscriber the subscriber
     */
    public void subscribe(Consumer<NetworkInfo> subscriber) {
        assert loop.inLoopOrUnbound();
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }
}
