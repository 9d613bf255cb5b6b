package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every header and charset decoding step on megabyte values built to make it backtrack or rescan, each under a
 * timeout about ten times what it takes now. The old Content-Transfer-Encoding comment regex needed more than
 * 10 s for a megabyte of "(", and a subject of 70,000 encoded-words with made-up charsets took 9 s.
 */
class HostileHeaderTest {
    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final int MEGABYTE = 1 << 20;

    static Stream<String> values() {
        StringBuilder madeUpCharsets = new StringBuilder();
        for (int i = 0; madeUpCharsets.length() < MEGABYTE; i++) {
            madeUpCharsets.append("=?x-").append(i).append("?q?a?= ");
        }
        StringBuilder continuations = new StringBuilder("attachment");
        for (int i = 0; continuations.length() < MEGABYTE; i++) {
            continuations.append("; n").append(i % 500).append("*").append(i % 1000).append("*=x-").append(i)
                    .append("''%E9");
        }
        return Stream.of(
                " ".repeat(MEGABYTE),
                "=?".repeat(MEGABYTE / 2),
                "=?utf-8?q?".repeat(MEGABYTE / 10),
                "=?utf-8?q?" + "a".repeat(MEGABYTE),
                "=?utf-8?b?" + " ".repeat(MEGABYTE),
                "=?a?b?c?=".repeat(MEGABYTE / 9),
                "=?utf-8?q?a?= =?iso-8859-1?q?b?= ".repeat(MEGABYTE / 33),
                madeUpCharsets.toString(),
                "<".repeat(MEGABYTE),
                "<a".repeat(MEGABYTE / 2),
                "a@".repeat(MEGABYTE / 2),
                ";".repeat(MEGABYTE),
                "a=;".repeat(MEGABYTE / 3),
                "x; a=\"" + "\\\"".repeat(MEGABYTE / 2),
                continuations.toString(),
                "\"".repeat(MEGABYTE),
                "\\".repeat(MEGABYTE),
                "(".repeat(MEGABYTE),
                "()".repeat(MEGABYTE / 2),
                "QUJD!".repeat(MEGABYTE / 5),
                "=".repeat(MEGABYTE),
                "+".repeat(MEGABYTE),
                "+2D3".repeat(MEGABYTE / 4),
                "\r\n ".repeat(MEGABYTE / 3),
                "\u0001".repeat(MEGABYTE),
                "é".repeat(MEGABYTE));
    }

    static Stream<Arguments> steps() {
        List<Step> steps = List.of(
                new Step("HeaderDecoding.decode", v -> HeaderDecoding.decode(v, new DecodeNotes())),
                new Step("HeaderDecoding.unfold", HeaderDecoding::unfold),
                new Step("HeaderDecoding.messageIds", HeaderDecoding::messageIds),
                new Step("HeaderDecoding.eightBit", v -> HeaderDecoding.eightBit(v, new DecodeNotes())),
                new Step("MimeParams.parse", v -> MimeParams.parse(v, new DecodeNotes()).get("n1")),
                new Step("TransferDecoding.name", TransferDecoding::name),
                new Step("TransferDecoding base64", v -> TransferDecoding.decode(latin1(v), "base64", new DecodeNotes())),
                new Step("TransferDecoding quoted-printable",
                        v -> TransferDecoding.decode(latin1(v), "quoted-printable", new DecodeNotes())),
                new Step("TextDecoding as label", v -> TextDecoding.decode(new byte[] {'a'}, v, new DecodeNotes())),
                new Step("TextDecoding as UTF-7", v -> TextDecoding.decode(latin1(v), "utf-7", new DecodeNotes())),
                new Step("TextDecoding as UTF-8", v -> TextDecoding.decode(latin1(v), "utf-8", new DecodeNotes())),
                new Step("DecodeNotes.add", v -> {
                    DecodeNotes notes = new DecodeNotes();
                    notes.add("charset \"" + v + "\" unknown; read as UTF-8");
                    return notes.list();
                }));
        List<String> values = values().toList();
        return steps.stream().flatMap(step -> values.stream().map(value -> Arguments.of(step, value)));
    }

    private record Step(String name, Function<String, Object> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] latin1(String value) {
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String describe(String value) {
        String start = value.substring(0, Math.min(12, value.length())).replace("\r", "\\r").replace("\n", "\\n");
        return start + "... (" + value.length() + " chars)";
    }

    @ParameterizedTest(name = "{0} on {index}")
    @MethodSource("steps")
    void decodesHostileValuesInLinearTime(Step step, String value) {
        assertNotNull(assertTimeoutPreemptively(GENEROUS, () -> step.run().apply(value)),
                () -> step.name() + " on " + describe(value));
    }

    @Test
    void quotesAHugeLabelInANoteOnlyInPart() {
        DecodeNotes notes = new DecodeNotes();
        TextDecoding.decode("café".getBytes(StandardCharsets.ISO_8859_1), "x".repeat(MEGABYTE), notes.in("Subject"));
        String note = notes.list().get(0);
        assertTrue(note.startsWith("Subject: charset \"xxx") && note.endsWith("xxx\" unknown; read as windows-1252")
                && note.length() <= 301, note);
    }

    @Test
    void keepsNotesOnOneLine() {
        DecodeNotes notes = new DecodeNotes();
        notes.add("charset \"a\r\nb\u0085c\" unknown");
        assertEquals(List.of("charset \"a  b c\" unknown"), notes.list());
    }
}
