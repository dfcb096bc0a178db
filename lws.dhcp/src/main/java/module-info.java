/**
 * The DHCP helper: a DHCPv4 client on the system loop that gates the DHCP state.
 *
 * @provides lws.system.SystemHelper the "dhcp" helper
 */
module lws.dhcp {
    requires lws.system;
    requires org.slf4j;

    provides lws.system.SystemHelper with lws.dhcp.DhcpHelper;
}
