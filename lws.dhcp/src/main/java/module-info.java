/**
 * The DHCP helper: a DHCPv4 client on the system loop that gates the DHCP state.
 *
 * <p>Needs at run time {@code --enable-native-access=lws.dhcp} (SO_BINDTODEVICE and the AF_PACKET
 * socket through java.lang.foreign) and {@code --add-exports java.base/sun.nio.ch=lws.dhcp} (the file
 * descriptor of its UDP channel).
 *
 * @uses lws.dhcp.LeaseApplier other ways to apply a lease, chosen by name with {@code dhcp.applier}
 * @provides lws.system.SystemHelper the "dhcp" helper
 */
module lws.dhcp {
    requires transitive lws.system;
    requires org.slf4j;

    exports lws.dhcp;

    uses lws.dhcp.LeaseApplier;

    provides lws.system.SystemHelper with lws.dhcp.DhcpHelper;
}
