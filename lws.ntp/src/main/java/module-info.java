/**
 * The NTP helper: an NTP client on the system loop that gates TIME_VALID.
 *
 * @provides lws.system.SystemHelper the "ntp" helper
 */
module lws.ntp {
    requires lws.system;
    requires org.apache.commons.net;
    requires org.slf4j;

    provides lws.system.SystemHelper with lws.ntp.NtpHelper;
}
