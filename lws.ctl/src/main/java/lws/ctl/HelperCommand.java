package lws.ctl;

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
    static final class Dns extends HelperCommand {
        Dns() {
            super("dns");
        }
    }

    /** {@code lwsctl ntp}. */
    static final class Ntp extends HelperCommand {
        Ntp() {
            super("ntp");
        }
    }

    /** {@code lwsctl dhcp}. */
    static final class Dhcp extends HelperCommand {
        Dhcp() {
            super("dhcp");
        }
    }
}
