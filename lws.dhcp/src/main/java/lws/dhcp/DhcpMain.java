package lws.dhcp;

import lws.app.api.NetworkInfo;
import lws.app.api.SystemState;
import lws.system.Config;
import lws.system.ConfigException;
import lws.system.ConfigKey;
import lws.system.SystemContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code lws-dhcp}: the DHCP helper alone in a system context, as a standalone client (like
 * {@code udhcpc -f}). Used by the end-to-end tests and the benchmark, which run it inside a network
 * namespace.
 *
 * <pre>
 * java --enable-native-access=lws.dhcp --add-exports java.base/sun.nio.ch=lws.dhcp \
 *      -p MODULES -m lws.dhcp/lws.dhcp.DhcpMain -i IF [--set key=value]… [--exit-on-lease] [--timeout S]
 * </pre>
 *
 * <p>Prints one line per happening on stdout: {@code STATE <state> <ms>}, {@code EVENT <kind> <message>},
 * {@code NETWORK address=… routers=… dns=… ntp=… search=…}, {@code LEASE_MS <ms since start>} on the first
 * lease. Reads commands on stdin: {@code renew}, {@code status}, {@code quit} (end of input quits too).
 */
public final class DhcpMain {
    /** Exit codes. */
    enum Exit {
        /** Stopped on request, or leased with --exit-on-lease. */
        OK(0),
        /** The client could not start. */
        FAILED(1),
        /** Bad arguments. */
        USAGE(2),
        /** No lease within --timeout. */
        NO_LEASE(3);

        final int code;

        Exit(int code) {
            this.code = code;
        }
    }

    private DhcpMain() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        // first, before logging and configuration are set up: linking the native calls takes longer than both
        Native.linkInBackground();
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, args));
    }

    /**
     * Runs the client until told to stop.
     *
     * @param out where events go
     * @param err where errors go
     * @param commands where commands come from
     * @param args the arguments
     * @return the exit code
     */
    static int run(PrintWriter out, PrintWriter err, InputStream commands, String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean exitOnLease = false;
        Duration timeout = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-i" -> given.put("dhcp.interface", args[++i]);
                    case "--set" -> Config.parseAssignment(args[++i], given);
                    case "--exit-on-lease" -> exitOnLease = true;
                    case "--timeout" -> timeout = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
                    default -> throw new ConfigException("unknown argument " + args[i]);
                }
            }
            if (!given.containsKey("dhcp.interface")) {
                throw new ConfigException("-i INTERFACE is required");
            }
        } catch (ConfigException | ArrayIndexOutOfBoundsException | NumberFormatException e) {
            err.println("lws-dhcp: " + e.getMessage());
            err.println("usage: lws-dhcp -i IF [--set key=value]... [--exit-on-lease] [--timeout SECONDS]");
            return Exit.USAGE.code;
        }
        List<ConfigKey> keys = new ArrayList<>(Config.CORE_KEYS);
        keys.addAll(DhcpHelper.KEYS);
        Config config;
        try {
            config = Config.of(keys, List.of(), given);
        } catch (ConfigException e) {
            err.println("lws-dhcp: " + e.getMessage());
            return Exit.USAGE.code;
        }
        DhcpHelper helper = new DhcpHelper();
        long startNanos = System.nanoTime();
        CountDownLatch leased = new CountDownLatch(1);
        try (SystemContext system = SystemContext.builder().config(config).helpers(List.of(helper)).build()) {
            system.states().addListener(t -> out.println("STATE " + t.to() + " " + t.sinceStart().toMillis()));
            system.events().subscribe(e -> out.println("EVENT " + e.kind() + " " + e.message()));
            system.network().subscribe(info -> {
                out.println("NETWORK " + describe(info));
                if (!info.addresses().isEmpty() && leased.getCount() > 0) {
                    out.println("LEASE_MS " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                    leased.countDown();
                }
            });
            try {
                system.start().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("lws-dhcp: cannot start: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                return Exit.FAILED.code;
            }
            system.attach("lws-dhcp", SystemState.DHCP, () -> out.println("DHCP_PASSED"));
            if (exitOnLease) {
                boolean ok = timeout == null ? await(leased) : awaitFor(leased, timeout);
                return ok ? Exit.OK.code : Exit.NO_LEASE.code;
            }
            return commandLoop(system, helper, out, commands);
        }
    }

    private static int commandLoop(SystemContext system, DhcpHelper helper, PrintWriter out, InputStream commands) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.strip()) {
                    case "renew" -> helper.renew();
                    case "status" -> {
                        Map<String, Object> status = system.loop().submit(helper::status).get(5, TimeUnit.SECONDS);
                        out.println("STATUS " + status);
                    }
                    case "quit" -> {
                        return Exit.OK.code;
                    }
                    case "" -> { }
                    default -> out.println("ERROR unknown command " + line.strip());
                }
            }
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println("ERROR " + e);
        }
        return Exit.OK.code;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitFor(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(NetworkInfo info) {
        return "interface=" + info.interfaceName()
                + " address=" + info.addresses().stream().map(Object::toString).collect(Collectors.joining(","))
                + " routers=" + join(info.routers()) + " dns=" + join(info.dnsServers()) + " ntp=" + join(info.ntpServers())
                + " search=" + String.join(",", info.searchDomains()) + " source=" + info.source().replace(' ', '_');
    }

    private static String join(List<InetAddress> list) {
        return list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
    }
}
