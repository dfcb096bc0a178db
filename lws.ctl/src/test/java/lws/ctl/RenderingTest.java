package lws.ctl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Aligned blocks, generic values, tables, durations and JSON output. */
class RenderingTest {
    @Test
    void blockRightAlignsLabelsAndContinuesValuesInTheValueColumn() {
        Block block = new Block().add("A", "1").add("Longer", List.of("x", "y")).add("Empty", List.of());
        assertEquals(List.of("     A: 1", "Longer: x", "        y", " Empty: none"), block.lines());
    }

    @Test
    void scalarsForPeople() {
        assertEquals("n/a", Block.scalar(null));
        assertEquals("n/a", Block.scalar(""));
        assertEquals("yes", Block.scalar(true));
        assertEquals("no", Block.scalar(false));
        assertEquals("0.25", Block.scalar(0.25));
        assertEquals("x", Block.scalar("x"));
    }

    @Test
    void nestedListsOfListsAreItemised() throws IOException {
        Object value = Json.parse("{\"m\": [[1, 2], [3]], \"e\": {}}");
        assertEquals(List.of("m: - 1", "     2", "   - 3", "e: none"), Block.lines(value));
    }

    @Test
    void tableLeftAlignsColumnsWithoutTrailingBlanks() {
        StringWriter out = new StringWriter();
        new Table("A", "BB", "C").row("long", "x", "").row("y", "zzz", "").print(new PrintWriter(out, true));
        assertEquals("A     BB   C\nlong  x\ny     zzz\n", out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void durationsUseTheLargestFittingUnit() {
        assertEquals("0 ms", Durations.human(0));
        assertEquals("999 ms", Durations.human(999));
        assertEquals("1.000 s", Durations.human(1_000));
        assertEquals("59.999 s", Durations.human(59_999));
        assertEquals("1 min 0 s", Durations.human(60_000));
        assertEquals("1 h 1 min", Durations.human(3_660_000));
        assertEquals("2 d 3 h", Durations.human((51 * 60 + 5) * 60_000L));
        assertEquals("-850 ms", Durations.human(-850));
    }

    @Test
    void jsonRoundTripsAndPrettyPrintsWithTwoSpaces() throws IOException {
        String text = "{\"a\":[1,2.5,\"s\",true,null,{}],\"b\":{\"c\":12345678901234}}";
        Object value = Json.parse(text);
        assertEquals(text, Json.compact(value));
        assertEquals(value, Json.parse(Json.pretty(value)));
        assertEquals("{\n  \"b\": 1\n}", Json.pretty(Map.of("b", 1)));
    }

    @Test
    void jsonRejectsTrailingData() {
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Json.parse("{} {}"));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Json.parse(""));
    }
}
