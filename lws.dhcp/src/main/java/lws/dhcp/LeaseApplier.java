package lws.dhcp;

import java.util.concurrent.CompletionStage;

/**
 * Applies DHCP lease events to the operating system: addresses, routes, MTU (service provider
 * interface). Built in: {@code ip} (the default: runs {@code ip} from iproute2), {@code script} (a
 * udhcpc-compatible script, {@code dhcp.script}) and {@code none} (publish the lease, configure nothing).
 * Others are found with {@link java.util.ServiceLoader} ({@code provides lws.dhcp.LeaseApplier with …})
 * and chosen by {@link #name()} in {@code dhcp.applier}.
 *
 * <p>Threading: {@link #apply} is called on the system loop and must not block; do the work elsewhere
 * and complete the returned stage from any thread. Calls come one at a time: the client waits for
 * each stage before it sends the next event.
 */
public interface LeaseApplier {
    /** @return the name used in {@code dhcp.applier} */
    String name();

    /**
     * Applies one event.
     *
     * @param event what to do
     * @return a stage completed with the outcome; an exceptional completion counts as {@link ApplyResult.Failed}
     */
    CompletionStage<ApplyResult> apply(LeaseEvent event);
}
