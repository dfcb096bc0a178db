/**
 * The NTP helper: an SNTP/NTP client (RFC 5905 client mode) on the system loop that validates replies,
 * filters samples, selects among servers, gates {@link lws.app.api.SystemState#TIME_VALID} and provides
 * the system {@link lws.app.api.TimeSource}.
 *
 * <p>commons-net ({@code org.apache.commons.net.ntp}) encodes and decodes the 48-byte packet; the
 * socket, timers, validation, filtering, selection and poll control are ours and run on the system loop
 * thread. Public types: {@link lws.ntp.NtpHelper} (the service) and {@link lws.ntp.ClockSetter} (what
 * is done with a measured offset); everything else is package-private.
 */
package lws.ntp;
