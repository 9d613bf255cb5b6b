package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes to text under honest, misspelt, lying and unknown charset labels, with a note for every fallback. */
class TextDecodingTest {

    private static String decode(byte[] bytes, String label, List<String> notesOut) {
        DecodeNotes notes = new DecodeNotes();
        String text = TextDecoding.decode(bytes, label, notes);
        notesOut.addAll(notes.list());
        return text;
    }

    @Test
    void readsLegacyCharsetsThroughTheirSupersets() {
        List<String> notes = new ArrayList<>();
        assertEquals("朱镕基", decode("朱镕基".getBytes(Charset.forName("GBK")), "gb2312", notes));
        assertEquals("㐀", decode("㐀".getBytes(Charset.forName("GB18030")), "GB18030", notes));
        assertEquals("①", decode("①".getBytes(Charset.forName("windows-31j")), "Shift_JIS", notes));
        assertEquals("똠", decode("똠".getBytes(Charset.forName("x-windows-949")), "euc-kr", notes));
        assertEquals("日本", decode("日本".getBytes(Charset.forName("ISO-2022-JP")), "\"iso-2022-jp\"", notes));
        assertEquals("€ – “x”", decode("€ – “x”".getBytes(Charset.forName("windows-1252")), "ISO-8859-1", notes));
        assertEquals("Привет", decode("Привет".getBytes(Charset.forName("KOI8-R")), "koi8-r", notes));
        assertEquals(List.of(), notes);
    }

    @Test
    void fallsBackFromUnknownAndLyingLabelsAndSaysSo() {
        List<String> notes = new ArrayList<>();
        byte[] latin = "café".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);
        assertEquals("café", decode(latin, "x-unknown", notes));
        assertEquals("café", decode(utf8, "x-unknown", notes));
        assertEquals("café", decode(latin, "utf-8", notes));
        assertEquals("café", decode(utf8, "windows-1250", notes));
        assertEquals("café", decode(latin, "us-ascii", notes));
        assertEquals("café", decode(latin, null, notes));
        assertEquals(List.of("charset \"x-unknown\" unknown; read as windows-1252",
                "charset \"x-unknown\" unknown; read as UTF-8",
                "charset \"utf-8\" does not fit the bytes; read as windows-1252",
                "charset \"windows-1250\" does not fit the bytes, which are UTF-8; read as UTF-8",
                "charset \"us-ascii\" does not fit the bytes; read as windows-1252",
                "no charset declared for 8-bit text; read as windows-1252"), notes);
    }

    @Test
    void readsMisspeltUtf8LabelsAsUtf8AndSaysSo() {
        byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);
        for (String label : List.of("uft-8", "utf8", "UTF_8", "utf-8\"", "x-utf8", "utf 8", "utf--8", "ut8")) {
            List<String> notes = new ArrayList<>();
            assertEquals("café", decode(utf8, label, notes), label);
            assertEquals(List.of("charset \"" + label + "\" misspelt; read as UTF-8"), notes, label);
        }
        for (String label : List.of("utf-8", "UTF-8", "\"utf-8\"", "utf-8*en", "unicode-1-1-utf-8")) {
            List<String> notes = new ArrayList<>();
            assertEquals("café", decode(utf8, label, notes), label);
            assertEquals(List.of(), notes, label);
        }
    }

    @Test
    void leavesLabelsThatOnlyLookLikeUtf8Alone() {
        for (String label : List.of("utf-16", "utf-7", "utf", "utf-32", "x-unknown-8")) {
            assertFalse(CharsetLabels.misspeltUtf8(label), label);
        }
    }

    @Test
    void guessesUnderUnknownAsciiLikeLabelsAndSaysSo() {
        List<String> notes = new ArrayList<>();
        assertEquals("café", decode("café".getBytes(StandardCharsets.ISO_8859_1), "us-askey", notes));
        assertEquals("café", decode("café".getBytes(StandardCharsets.UTF_8), "ascii-us", notes));
        assertEquals("cafe", decode("cafe".getBytes(StandardCharsets.US_ASCII), "US-ASCIII", notes));
        assertEquals(List.of("charset \"us-askey\" unknown; read as windows-1252",
                "charset \"ascii-us\" unknown; read as UTF-8",
                "charset \"us-asciii\" unknown; read as UTF-8"), notes);
    }

    @Test
    void keepsTheGoodPartOfMostlyValidUtf8() {
        List<String> notes = new ArrayList<>();
        byte[] bytes = {(byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF};
        assertEquals("é \uFFFD", decode(bytes, "UTF-8", notes));
        assertEquals(List.of("bytes not valid in charset \"utf-8\" replaced with \uFFFD"), notes);
    }

    @Test
    void triesTheJapaneseNeighboursOfAWrongJapaneseLabel() {
        List<String> notes = new ArrayList<>();
        assertEquals("納期を教えて", decode("納期を教えて".getBytes(Charset.forName("Shift_JIS")), "iso-2022-jp", notes));
        assertEquals("日本語のテキスト", decode("日本語のテキスト".getBytes(Charset.forName("EUC-JP")), "shift_jis", notes));
        assertEquals(List.of("charset \"iso-2022-jp\" does not fit the bytes; read as windows-31j",
                "charset \"shift_jis\" does not fit the bytes; read as EUC-JP"), notes);
    }

    @Test
    void neverThrowsWhateverTheBytesAndLabel() {
        Random random = new Random(42);
        List<String> labels = new ArrayList<>(Charset.availableCharsets().keySet());
        labels.addAll(List.of("", "\"", "*", "utf-8*en", "x-\u0000", "=?", "iso-8859-99", "utf-7", "unicode"));
        for (String label : labels) {
            for (int i = 0; i < 20; i++) {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                assertNotNull(TextDecoding.decode(bytes, label, new DecodeNotes()), label);
            }
        }
    }

    /** What "valid UTF-8" meant before the fast reading: the JDK's decoder, reporting every malformed sequence. */
    private static boolean strictlyUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void utf8IsTheSameTextAndTheSameVerdictAsTheStrictDecoderGives() {
        Random random = new Random(20261203);
        String samples = "a\u00e9\u20ac\uD83D\uDE00\uFFFD\u4e2d\u0000 ";
        int codePoints = samples.codePointCount(0, samples.length());
        for (int round = 0; round < 50_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.appendCodePoint(samples.codePointAt(samples.offsetByCodePoints(0, random.nextInt(codePoints))));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            for (int cuts = random.nextInt(3); cuts > 0 && bytes.length > 0; cuts--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // overlong, lone, surrogate...
            }
            boolean valid = strictlyUtf8(bytes);
            assertEquals(valid, TextDecoding.isUtf8(bytes), () -> HexFormat.of().formatHex(bytes));
            if (valid) {
                assertEquals(new String(bytes, StandardCharsets.UTF_8), TextDecoding.utf8OrWindows1252(bytes));
            }
        }
    }
}
