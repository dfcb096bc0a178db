package lws.dns;

import org.xbill.DNS.Message;

import java.net.InetSocketAddress;
import java.util.Objects;

/** How an {@link Exchange} ended: a reply to use, or a failure with its cause. */
sealed interface Outcome {
    /**
     * An accepted reply whose rcode is NOERROR or NXDOMAIN (other rcodes make the exchange move on).
     *
     * @param message the reply
     * @param server the server that sent it
     */
    record Reply(Message message, InetSocketAddress server) implements Outcome {
        /** Checks for nulls. */
        public Reply {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * No usable reply from any server.
     *
     * @param cause e.g. {@code "timeout after 3 tries to 127.0.0.1:5354"}, {@code "SERVFAIL from 127.0.0.1:53"}
     */
    record Failed(String cause) implements Outcome {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
