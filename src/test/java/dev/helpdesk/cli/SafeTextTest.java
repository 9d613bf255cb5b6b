package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one escaping rule, character class by character class, and the attacks it is for. */
class SafeTextTest {
    private static final String ESC = "\u001B";

    @Test
    void everyC0ControlInALineBecomesAVisibleEscape() {
        assertEquals("\\x00", SafeText.line("\0"));
        assertEquals("\\x07", SafeText.line("\u0007"));
        assertEquals("\\x08", SafeText.line("\b"));
        assertEquals("\\t", SafeText.line("\t"));
        assertEquals("\\n", SafeText.line("\n"));
        assertEquals("\\r", SafeText.line("\r"));
        assertEquals("\\x1B", SafeText.line(ESC));
        assertEquals("\\x1F", SafeText.line("\u001F"));
        for (char c = 0; c < 0x20; c++) {
            String escaped = SafeText.line("a" + c + "b");
            assertEquals(-1, escaped.indexOf(c), "raw U+" + Integer.toHexString(c) + " survived: " + escaped);
            assertTrue(escaped.startsWith("a\\") && escaped.endsWith("b"), escaped);
        }
    }

    @Test
    void blockKeepsLineFeedsAndTabsButNoOtherControl() {
        assertEquals("one\n\ttwo\nthree \\x1B[2J", SafeText.block("one\n\ttwo\nthree " + ESC + "[2J"));
        assertEquals("bell\\x07 and backspace\\x08", SafeText.block("bell\u0007 and backspace\b"));
    }

    @Test
    void aCarriageReturnInALineCannotFakeAListRow() {
        String subject = "Invoice\r#2  open  support  Your account is suspended\n#3  open";
        String shown = SafeText.line(subject);
        assertEquals("Invoice\\r#2  open  support  Your account is suspended\\n#3  open", shown);
        assertEquals(1, shown.lines().count());
    }

    @Test
    void blockReadsCrLfAsALineBreakAndShowsALoneCr() {
        assertEquals("first\nsecond\\rover-written\nthird", SafeText.block("first\r\nsecond\rover-written\nthird"));
        assertEquals("ends with\\r", SafeText.block("ends with\r"));
        assertFalse(SafeText.block("a\rb\r\r\nc").contains("\r"));
    }

    @Test
    void delAndEveryC1ControlAreEscaped() {
        assertEquals("\\x7F", SafeText.line("\u007F"));
        assertEquals("\\x85", SafeText.block("\u0085"), "NEL is a line break to some terminals");
        assertEquals("\\x9B2J", SafeText.line("\u009B2J"), "8-bit CSI");
        assertEquals("\\x9D8;;http://evil\\x9C", SafeText.line("\u009D8;;http://evil\u009C"), "8-bit OSC and ST");
        for (char c = 0x80; c <= 0x9F; c++) {
            assertEquals(String.format("\\x%02X", (int) c), SafeText.block(String.valueOf(c)));
        }
    }

    @Test
    void anOsc8HyperlinkIsShownInsteadOfPlanted() {
        String link = ESC + "]8;;http://evil" + ESC + "\\Reset your password" + ESC + "]8;;" + ESC + "\\";
        assertEquals("\\x1B]8;;http://evil\\x1B\\Reset your password\\x1B]8;;\\x1B\\", SafeText.line(link));
    }

    @Test
    void aCsiClearScreenIsShownInsteadOfClearing() {
        assertEquals("Hi\\x1B[2J\\x1B[H\\x1B[8mhidden",
                SafeText.line("Hi" + ESC + "[2J" + ESC + "[H" + ESC + "[8mhidden"));
    }

    @Test
    void bidiControlsThatReorderOrHideTextAreEscaped() {
        assertEquals("invoice\\u202Efdp.exe", SafeText.line("invoice\u202Efdp.exe"));
        String all = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
        assertEquals("\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069",
                SafeText.block(all));
    }

    @Test
    void unicodeLineAndParagraphSeparatorsAreLineBreaksAndEscaped() {
        assertEquals("a\\u2028b\\u2029c", SafeText.line("a\u2028b\u2029c"));
        assertEquals("a\\u2028b", SafeText.block("a\u2028b"));
    }

    @Test
    void ordinaryTextAndSurrogatePairsAreLeftAlone() {
        String text = "Jürgen 日本 Ωμέγα عربي עברית C:\\Users\\jk 😀 \uD834\uDD1E café";
        assertSame(text, SafeText.line(text), "nothing to escape, nothing copied");
        assertSame(text, SafeText.block(text));
        String lines = "two\n\tlines";
        assertSame(lines, SafeText.block(lines), "line feeds and tabs are nothing to escape in a block");
        assertEquals("😀\\x1B😀", SafeText.line("😀" + ESC + "😀"));
    }

    @Test
    void escapingAgainChangesNothing() {
        // The terminal writer applies block to fields that line or block already escaped.
        String hostile = "a\r\nb\rc" + ESC + "[2J\u202E\u0085\u007F\t\u2028 literal \\x1B";
        String line = SafeText.line(hostile);
        String block = SafeText.block(hostile);
        assertEquals(line, SafeText.line(line));
        assertEquals(line, SafeText.block(line));
        assertEquals(block, SafeText.block(block));
    }

    @Test
    void noCharacterTheRuleNamesSurvivesEitherForm() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "x" + (char) c + "y";
            String line = SafeText.line(s);
            String block = SafeText.block(s);
            if (SafeText.unsafe(c)) {
                assertEquals(-1, line.indexOf(c), "line kept U+" + Integer.toHexString(c));
                if (c != '\n' && c != '\t') {
                    assertEquals(-1, block.indexOf(c), "block kept U+" + Integer.toHexString(c));
                }
            } else {
                assertSame(s, line);
                assertSame(s, block);
            }
        }
    }
}
