package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --json} stays exact: no raw control in the text, yet every string parses back unchanged. */
class JsonTest {

    @Test
    void aStreamedArrayIsTheShapeOfAWrittenListAndStaysUnterminatedWhenCutShort() throws Exception {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("number", 1);
        one.put("subject", "Hello");
        StringWriter whole = new StringWriter();
        try (Json.ArrayWriter array = new Json().array(whole)) {
            array.add(one);
            array.add(one);
            array.end();
        }
        assertEquals(new Json().write(List.of(one, one)), whole.toString());

        StringWriter cut = new StringWriter();
        try (Json.ArrayWriter array = new Json().array(cut)) {
            array.add(one);
            // a failure here: end() is never called
        }
        assertTrue(!cut.toString().strip().endsWith("]"), "a cut list must not parse as a whole one: " + cut);
        assertThrowsParse(cut.toString());
    }

    private static void assertThrowsParse(String json) {
        try {
            new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return;
        }
        throw new AssertionError("parsed as complete JSON: " + json);
    }

    @Test
    void everyHostileCharacterIsAJsonEscapeAndParsesBackExactly() throws Exception {
        StringBuilder every = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (SafeText.unsafe(c)) {
                every.append((char) c);
            }
        }
        String subject = "\u001B]8;;http://evil\u001B\\click\u001B]8;;\u001B\\ \u001B[2J\rInvoice\u202Efdp.exe";
        String ordinary = "Jürgen 日本 😀 C:\\Users\\jk \"quoted\"";
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", subject);
        value.put("every", every.toString());
        value.put("ordinary", ordinary);
        value.put("lines", List.of("a\r\nb", "\u2028"));

        String json = new Json().write(value);

        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            assertTrue(c == '\n' || !SafeText.unsafe(c), "raw U+" + Integer.toHexString(c) + " at " + i);
        }
        assertTrue(json.contains("\\u001B]8;;http://evil"), json);
        assertTrue(json.contains("Invoice\\u202Efdp.exe"), json);
        assertTrue(json.contains("Jürgen 日本 😀"), "ordinary text is not escaped: " + json);
        assertSame(json, SafeText.block(json), "the terminal writer passes JSON through unchanged");
        assertEquals(value, new ObjectMapper().readValue(json, Map.class));
    }

    @Test
    void delAndC1AndBidiUseTheJsonUnicodeEscape() {
        assertEquals("\"\\u007F\\u0085\\u009B\\u202E\\u2066\\u2028\"",
                new Json().write("\u007F\u0085\u009B\u202E\u2066\u2028"));
    }
}
