package lws.system;

/**
 * Where helpers and the system write their counters and gauges (OpenMetrics names, e.g.
 * {@code lws_dns_queries_total}). Loop thread.
 */
public interface Metrics {
    /**
     * @param name the metric name, ending in {@code _total}
     * @param help a one-line description
     * @param value the count since start
     */
    void counter(String name, String help, long value);

    /**
     * @param name the metric name, with its unit as a suffix ({@code _seconds}, {@code _bytes})
     * @param help a one-line description
     * @param value the current value
     */
    void gauge(String name, String help, double value);
}
