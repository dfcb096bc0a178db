/**
 * The DHCPv4 client of lwsd: {@link lws.dhcp.DhcpHelper} (the "dhcp" system helper), the lease
 * ({@link lws.dhcp.DhcpLease}) and the {@link lws.dhcp.LeaseApplier} SPI with its events and results.
 * Everything runs on the system loop; see {@code DhcpClient} for the state machine.
 */
package lws.dhcp;
