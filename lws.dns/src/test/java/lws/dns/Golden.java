package lws.dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** One golden query/reply pair captured from dnsmasq by {@link GoldenCapture}. */
record Golden(byte[] query, byte[] reply) {
    /**
     * @param name the case name, e.g. {@code "a-A"}
     * @return the pair from {@code golden/<name>.hex}
     */
    static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("golden/" + name + ".hex")) {
            if (in == null) {
                throw new AssertionError("no golden packet " + name);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n");
            return new Golden(hex(lines[0], "query "), hex(lines[1], "reply "));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hex(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new AssertionError("expected '" + prefix + "…', got " + line);
        }
        return HexFormat.of().parseHex(line.substring(prefix.length()).strip());
    }

    /**
     * @param id the id to give it
     * @return a copy of the reply carrying {@code id}
     */
    byte[] replyWithId(int id) {
        byte[] b = reply.clone();
        b[0] = (byte) (id >> 8);
        b[1] = (byte) id;
        return b;
    }
}
