/**
 * The DNS helper: an asynchronous resolver on the system loop.
 *
 * @provides lws.system.SystemHelper the "dns" helper
 */
module lws.dns {
    requires lws.system;
    requires org.dnsjava;
    requires org.slf4j;

    provides lws.system.SystemHelper with lws.dns.DnsHelper;
}
