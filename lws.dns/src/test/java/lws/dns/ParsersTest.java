package lws.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** resolv.conf, hosts file and search-list rules. */
class ParsersTest {
    @Test
    void readsServersSearchAndNdotsFromResolvConf() {
        ResolvConf rc = ResolvConf.parse("""
                # comment
                nameserver 127.0.0.53
                nameserver ::1 ; trailing comment
                nameserver not-an-address
                domain old.example
                search one.test two.test.
                options edns0 ndots:3 timeout:1
                """);
        assertEquals(List.of(new InetSocketAddress("127.0.0.53", 53), new InetSocketAddress("::1", 53)), rc.servers());
        assertEquals(List.of("one.test", "two.test"), rc.search());
        assertEquals(OptionalInt.of(3), rc.ndots());
    }

    @Test
    void theLastOfDomainAndSearchWins() {
        assertEquals(List.of("late.test"), ResolvConf.parse("search a.test b.test\ndomain late.test\n").search());
    }

    @Test
    void hostsFileMatchesCaseInsensitivelyAndByFamily() throws Exception {
        HostsFile hosts = HostsFile.parse("""
                127.0.0.1 localhost
                192.0.2.77  MyHost.Local myhost  # comment
                2001:db8::77 myhost.local
                not-an-ip  ignored
                """);
        assertEquals(List.of(InetAddress.getByName("192.0.2.77"), InetAddress.getByName("2001:db8::77")),
                hosts.addresses(Names.key("myhost.local."), DnsSettings.Family.IPV4_FIRST));
        assertEquals(List.of(InetAddress.getByName("2001:db8::77"), InetAddress.getByName("192.0.2.77")),
                hosts.addresses("myhost.local", DnsSettings.Family.IPV6_FIRST));
        assertEquals(List.of(InetAddress.getByName("2001:db8::77")), hosts.addresses("myhost.local", true));
        assertEquals(List.of(), hosts.addresses("ignored", DnsSettings.Family.IPV4_FIRST));
        assertEquals(3, hosts.size());
    }

    @Test
    void candidatesFollowNdots() {
        List<String> search = List.of("one.test", "two.test");
        assertEquals(List.of("host.one.test", "host.two.test", "host"), Names.candidates("host", search, 1));
        assertEquals(List.of("a.b", "a.b.one.test", "a.b.two.test"), Names.candidates("A.b", search, 1));
        assertEquals(List.of("a.b.one.test", "a.b.two.test", "a.b"), Names.candidates("a.b", search, 2));
        assertEquals(List.of("host"), Names.candidates("host.", search, 1));
        assertEquals(List.of("host"), Names.candidates("host", List.of(), 1));
    }

    @Test
    void addressesPrintInRfc5952Form() throws Exception {
        assertEquals("2001:db8::1", Addresses.text(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("::1", Addresses.text(InetAddress.getByName("::1")));
        assertEquals("::", Addresses.text(InetAddress.getByName("::")));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.text(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", Addresses.text(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("fe80::", Addresses.text(InetAddress.getByName("fe80::")));
        assertEquals("192.0.2.1", Addresses.text(InetAddress.getByName("192.0.2.1")));
    }
}
