/**
 * The lwsd system context: the event loop, the system state machine, the helper SPI and (later) the
 * app host, configuration, control socket and the {@code lwsd} entry point.
 *
 * <p>Helpers (DHCP, DNS, NTP) and apps are found with {@link java.util.ServiceLoader}; this module
 * requires none of them.
 *
 * @uses lws.system.SystemHelper the DHCP, DNS and NTP helpers
 * @uses lws.app.api.SystemApp apps in the boot layer and in plug-in layers
 */
module lws.system {
    requires transitive lws.app.api;
    requires org.slf4j;
    requires jdk.unsupported; // sun.misc.Signal: exit 0 on SIGTERM/SIGINT
    requires jdk.net; // SO_PEERCRED on the control socket
    requires com.fasterxml.jackson.core; // the control protocol's JSON

    exports lws.system;

    uses lws.system.SystemHelper;
    uses lws.app.api.SystemApp;
}
