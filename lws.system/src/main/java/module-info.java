/**
 * The lwsd system context: the event loop, the system state machine, the helper SPI and (later) the
 * app host, configuration, control socket and the {@code lwsd} entry point.
 *
 * <p>Helpers (DHCP, DNS, NTP) are found with {@link java.util.ServiceLoader}; this module requires none.
 *
 * @uses lws.system.SystemHelper
 */
module lws.system {
    requires transitive lws.app.api;
    requires org.slf4j;

    exports lws.system;

    uses lws.system.SystemHelper;
}
