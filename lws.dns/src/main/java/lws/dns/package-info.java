/**
 * The DNS helper: an asynchronous stub resolver on the system loop. dnsjava encodes and decodes the
 * messages; the transport (UDP socket pools with random ports and ids, retransmission, failover, TCP on
 * truncation, reply validation), the cache and the lookup logic are this package's. Everything runs on
 * the system loop thread; see {@link lws.dns.DnsHelper}.
 */
package lws.dns;
