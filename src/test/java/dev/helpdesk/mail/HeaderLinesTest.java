package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.mail.Header;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link HeaderLines} reads every header section as the library's own {@code new InternetHeaders(in, false)} does:
 * the same fields, names, values and folded lines, in the same order, for the sections mail really has and for
 * random ones made of everything that decides how a section is cut into lines and fields (CR and LF in every
 * combination, blanks, colons, 8-bit bytes, NUL, empty lines). Where the library fails (a folded line after
 * blank-only lines at the start), the same as the library reads the section without those lines.
 */
class HeaderLinesTest {
    private static final String[] PIECES = {"Subject", "From", "X-A", "To", "Status", ":", ": ", " ", "\t", "\r", "\n",
        "\r\n", "\r\r\n", "\r\r", "\n\r", "value", "a;", "=?utf-8?q?x?=", "\u0000", "\u00e9", "\u00ff", "\u0080", "  ",
        "\r\n ", "\r\n\t", "\n ", "\r ", "Received: from x", ";"};
    /** Lines at the start that begin with a blank and hold nothing else above U+0020, with their endings. */
    private static final Pattern BLANK_LINES_FIRST =
            Pattern.compile("^(?:[ \t][\\x00-\\x09\\x0B\\x0C\\x0E-\\x20]*(?:\r\r\n|\r\n|\n|\r))+");

    @Test
    void theSectionsMailHasReadAsTheLibraryReadsThem() {
        List<String> sections = List.of(
                "Subject: hello\r\nFrom: a@example.org\r\n\r\n",
                "Subject: folded\r\n over two\r\n\tand three lines\r\nTo: b@example.org\r\n\r\n",
                " leading continuation\r\nSubject: x\r\n\r\n",
                "   \r\nSubject: x\r\n\r\n",
                "Subject: bare LF\nTo: c@example.org\n\n",
                "Subject: bare CR\rTo: c@example.org\r\r\n",
                "Subject: CR CR LF\r\r\nTo: c@example.org\r\n\r\n",
                "Subject: no empty line at the end\r\nTo: c@example.org",
                "Subject: 8-bit \u00e9\u00ff\u0080 bytes\r\n\r\n",
                "no colon at all\r\nSubject: x\r\n\r\n",
                "Subject: a\r\n\r\nBody: not a field\r\n",
                "",
                "\r\n",
                "Subject: x\r\n \r\n \r\n\r\n",
                "Subject:\r\n\r\n");
        for (String section : sections) {
            assertSameAsTheLibrary(section.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void randomSectionsReadAsTheLibraryReadsThem() {
        Random random = new Random(20261201);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder section = new StringBuilder();
            int pieces = random.nextInt(24);
            for (int p = 0; p < pieces; p++) {
                section.append(PIECES[random.nextInt(PIECES.length)]);
            }
            assertSameAsTheLibrary(section.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aFoldedLineAfterBlankOnlyLinesAtTheStartIsAFieldLineOfItsOwn() {
        byte[] section = "\t\r\n \u0000\r\n y: folded\r\nSubject: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IndexOutOfBoundsException.class, () -> library(section), "the library fails on it");
        InternetHeaders read = HeaderLines.read(section, section.length);
        assertEquals(List.of("y=folded", "Subject=x"), fields(read));
    }

    private static void assertSameAsTheLibrary(byte[] section) {
        InternetHeaders expected;
        try {
            expected = library(section);
        } catch (IndexOutOfBoundsException e) {
            // The one case the library fails on: what it reads without the blank-only lines at the start.
            String repaired = BLANK_LINES_FIRST.matcher(new String(section, StandardCharsets.ISO_8859_1))
                    .replaceFirst("");
            expected = library(repaired.getBytes(StandardCharsets.ISO_8859_1));
        }
        // Read from the middle of a larger array, as RawPart's buffer is: nothing past the length may count.
        byte[] padded = new byte[section.length + 3];
        System.arraycopy(section, 0, padded, 0, section.length);
        padded[section.length] = ':';
        padded[section.length + 1] = '\r';
        padded[section.length + 2] = 'X';
        InternetHeaders actual = HeaderLines.read(padded, section.length);
        String shown = show(section);
        assertEquals(fields(expected), fields(actual), shown);
        assertEquals(Collections.list(expected.getAllHeaderLines()), Collections.list(actual.getAllHeaderLines()),
                shown);
        // Status and Return-Path are among the empty placeholders that the library's InternetHeaders holds and
        // HeaderLines' do not.
        for (String name : List.of("Subject", "From", "To", "X-A", "Received", "Status", "Return-Path",
                "no colon at all")) {
            assertEquals(expected.getHeader(name, ","), actual.getHeader(name, ","), name + " in " + shown);
        }
    }

    private static InternetHeaders library(byte[] section) {
        try {
            return new InternetHeaders(new ByteArrayInputStream(section), false);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fields(InternetHeaders headers) {
        List<String> fields = new ArrayList<>();
        for (Header header : Collections.list(headers.getAllHeaders())) {
            fields.add(header.getName() + "=" + header.getValue());
        }
        return fields;
    }

    private static String show(byte[] section) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : section) {
            if (b >= ' ' && b < 127) {
                out.write(b);
            } else {
                out.writeBytes(String.format("\\x%02x", b & 0xFF).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
