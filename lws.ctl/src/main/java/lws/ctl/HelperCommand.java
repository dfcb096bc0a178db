package lws.ctl;

import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code lwsctl dns | ntp | dhcp}: a helper's status object, rendered generically ({@link Block#of}): the
 * fields are each helper's own (documented in its README), so a new field shows up without a change here.
 */
abstract sealed class HelperCommand extends ControlCommand {
    private final String helper;

    HelperCommand(String helper) {
        this.helper = helper;
    }

    @Override
    final String method() {
        return helper;
    }

    @Override
    final void print(Map<String, Object> result, PrintWriter out) {
        Block.of(result).print(out);
    }

    /** {@code lwsctl dns}. */
    @Command(name = "dns", description = "Show the DNS helper's status: servers, cache, counters.")
    static final class Dns extends HelperCommand {
        Dns() {
            super("dns");
        }
    }

    /** {@code lwsctl ntp}. */
    @Command(name = "ntp", description = "Show the NTP helper's status: per server stratum, offset, delay, jitter, poll; the selected source.")
    static final class Ntp extends HelperCommand {
        Ntp() {
            super("ntp");
        }
    }

    /** {@code lwsctl dhcp}. */
    @Command(name = "dhcp", description = "Show the DHCP helper's status: interface, state, lease (address, router, DNS, NTP, T1/T2/expiry).")
    static final class Dhcp extends HelperCommand {
        Dhcp() {
            super("dhcp");
        }
    }
}
