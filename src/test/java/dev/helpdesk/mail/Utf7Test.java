package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UTF-7 as RFC 2152 writes it, and as broken senders write it. */
class Utf7Test {

    private static Utf7.Decoded decode(String utf7) {
        return Utf7.decode(utf7.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Utf7.Decoded ok(String text) {
        return new Utf7.Decoded(text, false);
    }

    @Test
    void decodesTheExamplesOfRfc2152() {
        assertEquals(ok("A\u2262\u0391."), decode("A+ImIDkQ."));
        assertEquals(ok("Hi Mom -\u263A-!"), decode("Hi Mom -+Jjo--!"));
        assertEquals(ok("\u65E5\u672C\u8A9E"), decode("+ZeVnLIqe-"));
        assertEquals(ok("Item 3 is \u00A31."), decode("Item 3 is +AKM-1."));
    }

    @Test
    void readsPlusMinusAsPlusAndEndsARunAtAnyCharacterOutsideBase64() {
        assertEquals(ok("1 + 1 = 2"), decode("1 +- 1 = 2"));
        assertEquals(ok("\u263A \u263A\u263A.x"), decode("+Jjo +JjomOg.x"));
        assertEquals(ok("\u263A--"), decode("+Jjo---"));
        assertEquals(ok(""), decode(""));
    }

    @Test
    void joinsSurrogatePairsWithinARunAndAcrossRuns() {
        assertEquals(ok("\uD83D\uDE00!"), decode("+2D3eAA-!"));
        assertEquals(ok("a\uD83D\uDE00\uD83D\uDE00"), decode("a+2D3eANg93gA-"));
        assertEquals(ok("\uD83D\uDE00"), decode("+2D0-+3gA-"));
    }

    @Test
    void decodesWhatDecodesOfBrokenTextAndSaysSo() {
        assertEquals(new Utf7.Decoded("1 + 1", true), decode("1 + 1"));
        assertEquals(new Utf7.Decoded("a+", true), decode("a+"));
        assertEquals(new Utf7.Decoded("\u263A", true), decode("+JjoA-")); // a sextet left over: a cut unit
        assertEquals(new Utf7.Decoded("\u263A", true), decode("+Jjp-")); // padding bits that are not zero
        assertEquals(new Utf7.Decoded("\uFFFDx", true), decode("+2D0-x")); // a high surrogate alone
        assertEquals(new Utf7.Decoded("\uFFFD", true), decode("+3gA-")); // a low surrogate alone
        assertEquals(new Utf7.Decoded("caf\uFFFD", true), Utf7.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9}));
    }

    @Test
    void isRoutedFromEveryUtf7LabelAndNotesBrokenRuns() {
        for (String label : List.of("utf-7", "UTF-7", "unicode-1-1-utf-7", "csUnicode11UTF7", "x-unicode-2-0-utf-7")) {
            DecodeNotes notes = new DecodeNotes();
            assertEquals("Hi Mom -\u263A-!", TextDecoding.decode("Hi Mom -+Jjo--!".getBytes(StandardCharsets.US_ASCII),
                    label, notes), label);
            assertEquals(List.of(), notes.list(), label);
        }
        DecodeNotes notes = new DecodeNotes();
        assertEquals("1 + 1", TextDecoding.decode("1 + 1".getBytes(StandardCharsets.US_ASCII), "utf-7", notes));
        assertEquals(List.of("broken UTF-7 decoded as far as it goes"), notes.list());
    }

    @Test
    void readsUtf8MislabelledAsUtf7AsUtf8() {
        DecodeNotes notes = new DecodeNotes();
        assertEquals("café", TextDecoding.decode("café".getBytes(StandardCharsets.UTF_8), "utf-7", notes));
        assertEquals(List.of("charset \"utf-7\" does not fit the bytes, which are UTF-8; read as UTF-8"),
                notes.list());
    }
}
