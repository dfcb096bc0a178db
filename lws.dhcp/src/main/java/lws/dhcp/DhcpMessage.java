package lws.dhcp;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * One DHCP message (RFC 2131 section 2): the fixed BOOTP fields that this client uses and the options.
 *
 * @param op 1 BOOTREQUEST, 2 BOOTREPLY
 * @param xid the transaction id
 * @param secs seconds since the client began the exchange
 * @param broadcast the BROADCAST flag (0x8000): ask the server to broadcast its reply
 * @param ciaddr the client address (renewing, rebinding, release) or 0.0.0.0
 * @param yiaddr "your" address offered or acknowledged by the server
 * @param siaddr the next server address
 * @param giaddr the relay agent address
 * @param chaddr the client hardware address, 6 bytes of Ethernet MAC
 * @param options the options (from the options area and, with option 52, from sname/file)
 */
record DhcpMessage(int op, int xid, int secs, boolean broadcast, Inet4Address ciaddr, Inet4Address yiaddr,
        Inet4Address siaddr, Inet4Address giaddr, byte[] chaddr, DhcpOptions options) {
    static final int BOOTREQUEST = 1;
    static final int BOOTREPLY = 2;

    /** Checks for nulls and the MAC length. */
    DhcpMessage {
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(options, "options");
        if (chaddr.length != 6) {
            throw new IllegalArgumentException("chaddr must be 6 bytes, got " + chaddr.length);
        }
        chaddr = chaddr.clone();
    }

    /** @return the message type (option 53), or null if absent */
    MessageType type() {
        byte[] t = options.asMap().get(Opt.MESSAGE_TYPE);
        return t == null || t.length != 1 ? null : MessageType.of(t[0] & 0xff);
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    @Override
    public String toString() {
        return "DHCP" + type() + " xid=0x" + Integer.toHexString(xid) + " yiaddr=" + yiaddr.getHostAddress();
    }
}
