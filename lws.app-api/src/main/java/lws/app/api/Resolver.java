package lws.app.api;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The system's asynchronous DNS resolver. Stages complete on the loop thread; failures carry a message
 * that names the host and the cause, e.g. {@code "nope.test: NXDOMAIN"}.
 *
 * <p>Any thread may call these methods.
 */
public interface Resolver {
    /** @return false when no DNS helper is installed: every lookup then fails with "not available" */
    boolean isAvailable();

    /**
     * Resolves a host name to its addresses (A and AAAA in parallel, ordered by the configured family
     * preference), applying {@code /etc/hosts}, search domains and the cache.
     *
     * @param host a host name or an address literal
     * @return the addresses, never empty on success
     */
    CompletionStage<List<InetAddress>> resolve(String host);

    /**
     * Looks up records of one type.
     *
     * @param name the owner name
     * @param type the record type mnemonic, e.g. {@code "A"}, {@code "TXT"}, {@code "SRV"}
     * @return the answer (an empty record list is NODATA)
     */
    CompletionStage<DnsAnswer> lookup(String name, String type);
}
