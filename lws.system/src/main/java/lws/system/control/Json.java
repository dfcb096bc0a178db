package lws.system.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the control protocol with jackson-core's streaming API: values are plain Java (Map, List,
 * String, Number, Boolean, null). Thread-safe.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private Json() {
    }

    /**
     * @param value a Map, List, String, Number, Boolean, Enum, null, or anything else (written as its string)
     * @return one line of JSON, without the newline
     */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case Number n -> g.writeNumber(n.toString());
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(value.toString());
        }
    }

    /**
     * Parses one JSON document.
     *
     * @param bytes the text
     * @param length how many bytes of {@code bytes} to read
     * @return the value (Map, List, String, Number, Boolean or null)
     * @throws IOException if it is not exactly one well-formed JSON value
     */
    static Object parse(byte[] bytes, int length) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes, 0, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty request");
            }
            Object value = readValue(p, first);
            if (p.nextToken() != null) {
                throw new IOException("trailing data after the JSON value");
            }
            return value;
        }
    }

    private static Object readValue(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new IOException("unterminated object");
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new IOException("unterminated array");
                    }
                    list.add(readValue(p, t));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected token " + token);
        };
    }
}
