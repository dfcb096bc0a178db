package lws.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Captures the golden packets of {@link GoldenPacketTest} from a real dnsmasq ({@link Dnsmasq#ZONE}): one
 * file per case with a {@code query} and a {@code reply} line of hex. Not a test; run it by hand when
 * the cases change:
 * {@code java -cp target/test-classes:target/classes:<dnsjava.jar> lws.dns.GoldenCapture src/test/resources/lws/dns/golden}
 */
final class GoldenCapture {
    private GoldenCapture() {
    }

    /** One case: file name, question, EDNS or not, TCP or UDP. */
    private record Case(String file, String name, int type, boolean edns, boolean tcp) {
    }

    private static final List<Case> CASES = List.of(
            new Case("a-A", "a.test.", Type.A, true, false),
            new Case("aaaa-AAAA", "aaaa.test.", Type.AAAA, true, false),
            new Case("www-A-cname-chain", "www.test.", Type.A, true, false),
            new Case("nope-A-nxdomain", "nope.test.", Type.A, true, false),
            new Case("a-AAAA-nodata", "a.test.", Type.AAAA, true, false),
            new Case("txt-TXT", "txt.test.", Type.TXT, true, false),
            new Case("big-A-truncated", "big.test.", Type.A, false, false),
            new Case("big-A-tcp", "big.test.", Type.A, false, true),
            new Case("other-A-refused", "host.other.", Type.A, true, false));

    /**
     * @param args the output directory
     * @throws Exception if dnsmasq cannot be run
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        try (Dnsmasq dnsmasq = Dnsmasq.start()) {
            int id = 0x1234;
            for (Case c : CASES) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(c.name()), c.type(), DClass.IN));
                q.getHeader().setID(id++);
                if (c.edns()) {
                    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
                }
                byte[] query = q.toWire();
                byte[] reply = c.tcp() ? tcp(dnsmasq, query) : udp(dnsmasq, query);
                HexFormat hex = HexFormat.of();
                Files.writeString(out.resolve(c.file() + ".hex"),
                        "query " + hex.formatHex(query) + "\nreply " + hex.formatHex(reply) + "\n");
                System.out.println(c.file() + ": " + reply.length + " bytes");
            }
        }
    }

    private static byte[] udp(Dnsmasq dnsmasq, byte[] query) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(dnsmasq.address());
            ch.write(ByteBuffer.wrap(query));
            ByteBuffer in = ByteBuffer.allocate(65535);
            ch.read(in);
            in.flip();
            byte[] b = new byte[in.remaining()];
            in.get(b);
            return b;
        }
    }

    private static byte[] tcp(Dnsmasq dnsmasq, byte[] query) throws Exception {
        try (Socket s = new Socket(dnsmasq.address().getAddress(), dnsmasq.port())) {
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            o.writeShort(query.length);
            o.write(query);
            o.flush();
            DataInputStream i = new DataInputStream(s.getInputStream());
            byte[] b = new byte[i.readUnsignedShort()];
            i.readFully(b);
            return b;
        }
    }
}
