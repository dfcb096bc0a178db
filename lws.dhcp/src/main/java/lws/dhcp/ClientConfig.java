package lws.dhcp;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What the client sends about itself.
 *
 * @param interfaceName the interface
 * @param mac the interface's Ethernet address (6 bytes), sent as chaddr
 * @param clientId option 61 as sent (type byte first); default {@code 01} + MAC
 * @param hostname option 12, or "" to send none
 * @param rapidCommit whether DISCOVER carries option 80 (RFC 4039)
 * @param releaseOnStop whether {@link DhcpClient#stop()} sends DHCPRELEASE and deconfigures
 */
record ClientConfig(String interfaceName, byte[] mac, byte[] clientId, String hostname, boolean rapidCommit,
        boolean releaseOnStop) {
    /** Copies the arrays and checks them. */
    ClientConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(hostname, "hostname");
        if (mac.length != 6) {
            throw new IllegalArgumentException(interfaceName + ": MAC must be 6 bytes, got " + mac.length);
        }
        if (clientId.length < 2 || clientId.length > 255) {
            throw new IllegalArgumentException(interfaceName + ": client id must be 2..255 bytes");
        }
        mac = mac.clone();
        clientId = clientId.clone();
    }

    /** @return the MAC as {@code aa:bb:cc:dd:ee:ff} */
    String macText() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /**
     * @param mac the MAC
     * @return the default client id: hardware type 1 (Ethernet) followed by the MAC
     */
    static byte[] defaultClientId(byte[] mac) {
        byte[] id = new byte[7];
        id[0] = 1;
        System.arraycopy(mac, 0, id, 1, 6);
        return id;
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public byte[] clientId() {
        return clientId.clone();
    }
}
