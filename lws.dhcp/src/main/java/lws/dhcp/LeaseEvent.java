package lws.dhcp;

import java.util.Objects;

/**
 * What a {@link LeaseApplier} is asked to do; the names follow udhcpc's script events.
 */
public sealed interface LeaseEvent {
    /** @return the interface concerned */
    String interfaceName();

    /** @return the udhcpc event name: deconfig, bound, renew, nak or leasefail */
    String name();

    /**
     * Remove the addresses and routes this client configured (start, lease lost, release).
     *
     * @param interfaceName the interface
     */
    record Deconfig(String interfaceName) implements LeaseEvent {
        /** Checks for nulls. */
        public Deconfig {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public String name() {
            return "deconfig";
        }
    }

    /**
     * Configure a new lease (after INIT, INIT-REBOOT, or a renewal that changed the address).
     *
     * @param lease the lease
     */
    record Bound(DhcpLease lease) implements LeaseEvent {
        /** Checks for nulls. */
        public Bound {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String interfaceName() {
            return lease.interfaceName();
        }

        @Override
        public String name() {
            return "bound";
        }
    }

    /**
     * A lease was renewed or rebound with the same address; lifetimes or options may have changed.
     *
     * @param lease the renewed lease
     */
    record Renew(DhcpLease lease) implements LeaseEvent {
        /** Checks for nulls. */
        public Renew {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String interfaceName() {
            return lease.interfaceName();
        }

        @Override
        public String name() {
            return "renew";
        }
    }

    /**
     * The server refused (DHCPNAK); a deconfig follows.
     *
     * @param interfaceName the interface
     * @param message the server's message (option 56), or ""
     */
    record Nak(String interfaceName, String message) implements LeaseEvent {
        /** Checks for nulls. */
        public Nak {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String name() {
            return "nak";
        }
    }

    /**
     * No lease yet after the first round of retransmissions (the client keeps trying).
     *
     * @param interfaceName the interface
     */
    record LeaseFail(String interfaceName) implements LeaseEvent {
        /** Checks for nulls. */
        public LeaseFail {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        @Override
        public String name() {
            return "leasefail";
        }
    }
}
