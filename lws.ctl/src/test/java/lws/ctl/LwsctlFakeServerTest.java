package lws.ctl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command against a fake control server on a real Unix-domain socket: human and --json output, errors. */
@Timeout(20)
class LwsctlFakeServerTest {
    static final String APPS = """
            [{"name": "echo", "module": "lws.example.echo", "origin": "/opt/lwsd/plugins/lws.example.echo.jar",
              "startState": "OPERATIONAL", "status": "RUNNING", "reason": ""},
             {"name": "broken", "module": "lws.broken", "origin": "boot layer",
              "startState": "REGISTERED", "status": "FAILED", "reason": "port in use"}]""";
    static final String STATUS = """
            {"state": "OPERATIONAL", "stateSinceMs": 1234, "uptimeMs": 2000, "heldBy": "",
             "holds": [{"state": "REGISTERED", "owner": "prov: waiting"}],
             "history": [{"from": "CONTEXT_CREATED", "to": "INITIALIZED", "ms": 12, "wall": "2026-11-22T08:00:00.012Z"},
                         {"from": "AUTH2", "to": "OPERATIONAL", "ms": 766, "wall": "2026-11-22T08:00:00.766Z"}],
             "helpers": [{"name": "dns", "summary": "servers 127.0.0.1:53, cache 12 entries"},
                         {"name": "ntp", "summary": "127.0.0.1:123 offset +0.120 ms"}],
             "apps": %s,
             "network": {"interface": "", "addresses": ["10.77.0.50/24"], "routers": [], "source": "host"},
             "time": {"source": "host (unverified)", "synced": false, "offsetMs": 0.0, "lastSync": "1970-01-01T00:00:00Z"}}
            """.formatted(APPS);
    static final String NTP = """
            {"selected": "127.0.0.1:12300", "pollSeconds": 64,
             "servers": [{"address": "127.0.0.1:12300", "stratum": 2, "offsetMs": 0.12, "reachable": true},
                         {"address": "127.0.0.2:12300", "stratum": 16, "offsetMs": null, "reachable": false}],
             "counters": {"sent": 10, "rejected": 1}}
            """;

    @TempDir
    Path dir;
    FakeControlServer server;
    String socket;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeControlServer.start(dir.resolve("ctl.sock"));
        socket = server.path().toString();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void statusShowsStateHistoryHelpersAppsAligned() {
        server.result("status", STATUS);
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                   State: OPERATIONAL
                In state: 1.234 s
                  Uptime: 2.000 s
                   Holds: REGISTERED by prov: waiting
                 History:  +12 ms  CONTEXT_CREATED -> INITIALIZED
                          +766 ms  AUTH2 -> OPERATIONAL
                 Helpers: dns: servers 127.0.0.1:53, cache 12 entries
                          ntp: 127.0.0.1:123 offset +0.120 ms
                    Apps:   echo: RUNNING
                          broken: FAILED (port in use)
                 Network: interface: n/a
                          addresses: 10.77.0.50/24
                            routers: none
                             source: host
                    Time:   source: host (unverified)
                            synced: no
                          offsetMs: 0.0
                          lastSync: 1970-01-01T00:00:00Z
                """, r.out());
        assertEquals("", r.err());
        Map<String, Object> request = server.requests().getFirst();
        assertEquals(1, request.get("version"));
        assertEquals("status", request.get("method"));
        assertEquals(1, request.get("id"));
    }

    @Test
    void statusNamesTheHolderWhenHeld() {
        server.result("status", """
                {"state": "TIME_VALID", "stateSinceMs": 61000, "uptimeMs": 62000, "heldBy": "ntp", "holds": [],
                 "history": [], "helpers": [], "apps": []}""");
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("""
                   State: TIME_VALID, held by ntp
                In state: 1 min 1 s
                  Uptime: 1 min 2 s
                   Holds: none
                 History: none
                """), r::toString);
    }

    @Test
    void everyCommandPrintsTheResultAsJsonThatParsesBack() throws IOException {
        String resolve = "{\"name\": \"www.test\", \"type\": \"A\", \"records\": [\"192.0.2.2\"], \"ttlSeconds\": 60, \"fromCache\": false}";
        Map<String, String> results = Map.of(
                "status", STATUS, "apps", "{\"apps\": []}", "resolve", resolve, "ntp", NTP,
                "dhcp", "{\"interface\": \"veth0\", \"state\": \"BOUND\"}", "dns", "{\"servers\": [\"127.0.0.1:53\"]}",
                "metrics", "{\"text\": \"# TYPE lws_up gauge\\nlws_up 1\\n# EOF\\n\"}");
        results.forEach(server::result);
        for (Map.Entry<String, String> e : results.entrySet()) {
            List<String> args = e.getKey().equals("resolve")
                    ? List.of("resolve", "www.test", "--json", "--socket", socket)
                    : List.of(e.getKey(), "--json", "--socket", socket);
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r::toString);
            assertEquals(Json.parse(e.getValue()), Json.parse(r.out()), e.getKey());
        }
    }

    @Test
    void commonOptionsGoBeforeOrAfterTheCommand() throws IOException {
        server.result("status", STATUS);
        Cli before = Cli.run("--socket", socket, "--json", "status");
        Cli after = Cli.run("status", "--json", "--socket", socket);
        Cli mixed = Cli.run("--json", "status", "--socket", socket);
        for (Cli r : List.of(before, after, mixed)) {
            assertEquals(0, r.exit(), r::toString);
            assertEquals(Json.parse(STATUS), Json.parse(r.out()));
        }
    }

    @Test
    void appsListsNameStatusReasonStartStateModuleOrigin() {
        server.result("apps", "{\"apps\": " + APPS + "}");
        Cli r = Cli.run("apps", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                NAME    STATUS                START STATE  MODULE            ORIGIN
                echo    RUNNING               OPERATIONAL  lws.example.echo  /opt/lwsd/plugins/lws.example.echo.jar
                broken  FAILED (port in use)  REGISTERED   lws.broken        boot layer

                2 apps listed.
                """, r.out());
    }

    @Test
    void resolveSendsNameAndTypeAndShowsRecordsTtlAndCacheHit() {
        server.result("resolve", """
                {"name": "www.test", "type": "AAAA", "records": ["2001:db8::2", "2001:db8::3"], "ttlSeconds": 60, "fromCache": true}""");
        Cli r = Cli.run("resolve", "www.test", "--type", "aaaa", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                   Name: www.test
                   Type: AAAA
                Records: 2001:db8::2
                         2001:db8::3
                    TTL: 60 s
                  Cache: hit
                """, r.out());
        assertEquals(Map.of("name", "www.test", "type", "AAAA"), server.requests().getFirst().get("params"));
    }

    @Test
    void resolveFailureIsExitOneWithCodeAndMessage() {
        server.error("resolve", "failed", "nope.test: NXDOMAIN");
        Cli r = Cli.run("resolve", "nope.test", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertEquals("lwsctl: failed: nope.test: NXDOMAIN\n", r.err());
        assertEquals("", r.out());
        assertEquals(Map.of("name", "nope.test", "type", "A"), server.requests().getFirst().get("params"));
    }

    @Test
    void helperStatusIsRenderedGenericallyWithNestedBlocks() {
        server.result("ntp", NTP);
        Cli r = Cli.run("ntp", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                   selected: 127.0.0.1:12300
                pollSeconds: 64
                    servers: -   address: 127.0.0.1:12300
                                 stratum: 2
                                offsetMs: 0.12
                               reachable: yes
                             -   address: 127.0.0.2:12300
                                 stratum: 16
                                offsetMs: n/a
                               reachable: no
                   counters:     sent: 10
                             rejected: 1
                """, r.out());
    }

    @Test
    void dhcpAndDnsAskTheirHelper() {
        server.result("dhcp", "{\"interface\": \"veth0\", \"state\": \"BOUND\", \"routers\": [\"10.77.0.1\"]}");
        server.result("dns", "{\"servers\": [\"127.0.0.1:53\", \"127.0.0.2:53\"], \"cacheEntries\": 3}");
        Cli dhcp = Cli.run("dhcp", "--socket", socket);
        assertEquals(0, dhcp.exit(), dhcp::toString);
        assertEquals("interface: veth0\n    state: BOUND\n  routers: 10.77.0.1\n", dhcp.out());
        Cli dns = Cli.run("dns", "--socket", socket);
        assertEquals(0, dns.exit(), dns::toString);
        assertEquals("     servers: 127.0.0.1:53\n              127.0.0.2:53\ncacheEntries: 3\n", dns.out());
        assertEquals(List.of("dhcp", "dns"), server.requests().stream().map(q -> q.get("method")).toList());
    }

    @Test
    void missingHelperIsExitOne() {
        server.error("dhcp", "unavailable", "no DHCP helper installed");
        Cli r = Cli.run("dhcp", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertEquals("lwsctl: unavailable: no DHCP helper installed\n", r.err());
    }

    @Test
    void metricsPrintsTheOpenMetricsText() {
        server.result("metrics", "{\"text\": \"# TYPE lws_dns_queries counter\\nlws_dns_queries_total 3\\n# EOF\\n\"}");
        Cli r = Cli.run("metrics", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("# TYPE lws_dns_queries counter\nlws_dns_queries_total 3\n# EOF\n", r.out());
    }

    @Test
    void watchPrintsEventsUntilTheDaemonClosesTheStream() {
        server.raw("watch", id -> List.of(
                FakeControlServer.reply(id, "\"result\":{\"watching\":true,\"state\":\"DHCP\"}"),
                "{\"version\":1,\"event\":{\"type\":\"dhcp\",\"kind\":\"bound\",\"message\":\"10.77.0.50/24 from 10.77.0.1\",\"ms\":849,\"wall\":\"2026-11-22T08:00:00.849Z\"}}",
                "{\"version\":1,\"event\":{\"type\":\"state\",\"from\":\"DHCP\",\"to\":\"CPD_PRE_TIME\",\"ms\":850,\"wall\":\"2026-11-22T08:00:00.850Z\"}}",
                "CLOSE"));
        Cli r = Cli.run("watch", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("""
                Watching lwsd in state DHCP (Ctrl-C to stop).
                2026-11-22T08:00:00.849Z   +849 ms  dhcp   bound: 10.77.0.50/24 from 10.77.0.1
                2026-11-22T08:00:00.850Z   +850 ms  state  DHCP -> CPD_PRE_TIME
                """, r.out());
    }

    @Test
    void watchJsonPrintsOneObjectPerLineAndStopsAfterCount() throws IOException {
        server.raw("watch", id -> List.of(
                FakeControlServer.reply(id, "\"result\":{\"watching\":true,\"state\":\"OPERATIONAL\"}"),
                "{\"version\":1,\"event\":{\"type\":\"ntp\",\"kind\":\"sync\",\"message\":\"offset 1 ms\",\"ms\":5,\"wall\":\"w\"}}",
                "{\"version\":1,\"event\":{\"type\":\"ntp\",\"kind\":\"sync\",\"message\":\"offset 2 ms\",\"ms\":6,\"wall\":\"w\"}}"));
        Cli r = Cli.run("watch", "--json", "--count", "1", "--socket", socket);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertEquals(Map.of("watching", true, "state", "OPERATIONAL"), Json.parse(lines.get(0)));
        assertEquals(Map.of("type", "ntp", "kind", "sync", "message", "offset 1 ms", "ms", 5, "wall", "w"), Json.parse(lines.get(1)));
    }

    @Test
    void unknownMethodReplyIsExitOne() {
        Cli r = Cli.run("apps", "--socket", socket); // the fake answers no-such-method for methods it was not given
        assertEquals(1, r.exit(), r::toString);
        assertEquals("lwsctl: no-such-method: unknown method 'apps'\n", r.err());
    }

    @Test
    void malformedReplyIsExitOneNamingTheSocket() {
        server.raw("status", id -> List.of("this is not json"));
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("lwsctl: malformed-reply: " + socket + ": not JSON"), r::toString);
    }

    @Test
    void replyWithAnotherIdIsRejected() {
        server.raw("status", id -> List.of("{\"version\":1,\"id\":99,\"result\":{}}"));
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("reply id 99 does not match request id 1"), r::toString);
    }

    @Test
    void errorWithoutIdIsTheDaemonsAnswer() {
        server.raw("status", id -> List.of("{\"version\":1,\"id\":null,\"error\":{\"code\":\"permission-denied\",\"message\":\"user x may not use it\"}}"));
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertEquals("lwsctl: permission-denied: user x may not use it\n", r.err());
    }

    @Test
    void replyOfAnotherVersionIsRejected() {
        server.raw("status", id -> List.of("{\"version\":2,\"id\":1,\"result\":{}}"));
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("protocol version 2, expected 1"), r::toString);
    }

    @Test
    void hungDaemonTimesOutWithExitThree() {
        server.raw("status", id -> List.of()); // never answers
        long start = System.nanoTime();
        Cli r = Cli.run("status", "--timeout", "0.3", "--socket", socket);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, r.exit(), r::toString);
        assertEquals("lwsctl: " + socket + ": no answer within 300 ms while waiting for the reply\n", r.err());
        assertTrue(ms >= 290 && ms < 5_000, "took " + ms + " ms");
    }

    @Test
    void daemonClosingWithoutReplyIsExitThree() {
        server.raw("status", id -> List.of("CLOSE"));
        Cli r = Cli.run("status", "--socket", socket);
        assertEquals(3, r.exit(), r::toString);
        assertEquals("lwsctl: " + socket + ": lwsd closed the connection without a reply\n", r.err());
    }
}
