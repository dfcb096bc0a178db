package lws.dhcp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code none} applier: configures nothing (the lease is still published to NetworkState and
 * persisted). For hosts where something else owns the addresses, and for measurements.
 */
final class NoApplier implements LeaseApplier {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public CompletionStage<ApplyResult> apply(LeaseEvent event) {
        return CompletableFuture.completedFuture(ApplyResult.applied());
    }
}
