/**
 * The NTP helper: an NTP client on the system loop that gates TIME_VALID and provides the system time
 * source. commons-net ({@code org.apache.commons.net}, which needs {@code org.apache.commons.io} at run
 * time) encodes and decodes the packets; the I/O is our own UDP socket on the loop. Setting the host
 * clock ({@code ntp.set-clock=step|slew}) calls the C library through {@code java.lang.foreign}: run
 * with {@code --enable-native-access=lws.ntp}.
 *
 * @provides lws.system.SystemHelper the "ntp" helper
 */
module lws.ntp {
    requires lws.system;
    requires org.apache.commons.net;
    requires org.slf4j;

    exports lws.ntp;

    provides lws.system.SystemHelper with lws.ntp.NtpHelper;
}
