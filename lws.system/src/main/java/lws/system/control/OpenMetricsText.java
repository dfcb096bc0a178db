package lws.system.control;

import lws.app.api.SystemState;
import lws.system.AppHost;
import lws.system.AppInfo;
import lws.system.LoopCounters;
import lws.system.Metrics;
import lws.system.SystemContext;
import lws.system.SystemHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenMetrics exposition of lwsd: the system state (a stateset), the loop's counters, app
 * statuses, and every helper's counters and gauges. Loop thread.
 */
public final class OpenMetricsText {
    private static final Logger log = LoggerFactory.getLogger(OpenMetricsText.class);

    private OpenMetricsText() {
    }

    /**
     * @param system the system
     * @param apps the app host
     * @return the exposition text, ending with {@code # EOF}
     */
    public static String render(SystemContext system, AppHost apps) {
        StringBuilder out = new StringBuilder(2048);
        SystemState current = system.state();
        out.append("# TYPE lws_system_state stateset\n# HELP lws_system_state The system state.\n");
        for (SystemState s : SystemState.values()) {
            out.append("lws_system_state{lws_system_state=\"").append(s).append("\"} ")
                    .append(s == current ? 1 : 0).append('\n');
        }
        Writer w = new Writer(out);
        w.gauge("lws_uptime_seconds", "Time since the system context was created.", system.sinceStart().toNanos() / 1e9);
        LoopCounters counters = system.loop().counters();
        w.counter("lws_loop_tasks_total", "Tasks run by the system loop.", counters.tasksRun());
        w.counter("lws_loop_task_failures_total", "Tasks, timers and handlers that threw.", counters.taskFailures());
        w.counter("lws_loop_stalls_total", "Callbacks that held the loop past the stall threshold.", counters.stalls());
        w.gauge("lws_loop_registrations", "Open socket registrations on the system loop.", system.loop().registrationCount());
        Map<AppInfo.Status, Integer> byStatus = new EnumMap<>(AppInfo.Status.class);
        for (AppInfo.Status s : AppInfo.Status.values()) {
            byStatus.put(s, 0);
        }
        apps.apps().forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        out.append("# TYPE lws_apps gauge\n# HELP lws_apps Apps by status.\n");
        byStatus.forEach((s, n) -> out.append("lws_apps{status=\"").append(s.name().toLowerCase(Locale.ROOT))
                .append("\"} ").append(n).append('\n'));
        for (SystemHelper helper : system.helpers()) {
            try {
                helper.metrics(w);
            } catch (RuntimeException e) {
                log.warn("helper {} failed to report metrics", helper.name(), e);
            }
        }
        out.append("# EOF\n");
        return out.toString();
    }

    /** Writes one metric family per call. */
    private record Writer(StringBuilder out) implements Metrics {
        @Override
        public void counter(String name, String help, long value) {
            String family = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
            out.append("# TYPE ").append(family).append(" counter\n# HELP ").append(family).append(' ').append(help)
                    .append('\n').append(family).append("_total ").append(value).append('\n');
        }

        @Override
        public void gauge(String name, String help, double value) {
            out.append("# TYPE ").append(name).append(" gauge\n# HELP ").append(name).append(' ').append(help)
                    .append('\n').append(name).append(' ').append(format(value)).append('\n');
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
