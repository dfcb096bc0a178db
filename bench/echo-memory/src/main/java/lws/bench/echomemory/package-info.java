/**
 * Memory per connection of a running {@code lwsd} daemon serving the echo plug-in.
 *
 * <p>{@link lws.bench.echomemory.EchoMemoryBench} runs in its own JVM next to the daemon: its
 * {@code EchoClient} opens loopback TCP connections that each echo one message, and its
 * {@code DaemonProbe} samples the daemon's resident set ({@code /proc/PID/status}) and heap after a full GC
 * ({@code jcmd PID GC.run}, {@code GC.heap_info}) between phases. Started by {@code bench/echo-memory.sh}.
 */
package lws.bench.echomemory;
