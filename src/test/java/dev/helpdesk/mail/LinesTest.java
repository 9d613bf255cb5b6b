package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Lines} against the rule it implements, read one byte at a time: a line ends with LF, a CR right before
 * the LF belongs to the ending, a last line without LF is all content, and only the first {@code keep} bytes of a
 * line are held. Inputs cross the 64 KiB read blocks anywhere, a CR LF split between two blocks included.
 */
class LinesTest {
    /** Content bytes first (NUL and 8-bit among them), then the two that end lines. */
    private static final byte[] ALPHABET = {'a', 'b', ' ', '-', 0, (byte) 0xE9, '\r', '\n'};

    @Test
    void smallInputsAndEveryKeep() throws IOException {
        Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = random(random, random.nextInt(40));
            assertSameAsTheRule(bytes, 1 + random.nextInt(12));
        }
        assertSameAsTheRule(new byte[0], 4);
        assertSameAsTheRule("\r\n\r\n".getBytes(), 4);
        assertSameAsTheRule("no ending".getBytes(), 4);
        assertSameAsTheRule("ends with CR\r".getBytes(), 100);
    }

    @Test
    void linesAcrossReadBlocks() throws IOException {
        Random random = new Random(2);
        int block = 64 * 1024;
        for (int split : new int[] {block - 2, block - 1, block, block + 1}) {
            byte[] bytes = new byte[2 * block + 10];
            Arrays.fill(bytes, (byte) 'x');
            bytes[split] = '\r';
            bytes[split + 1] = '\n';
            assertSameAsTheRule(bytes, 1024 * 1024);
            assertSameAsTheRule(bytes, 100);
        }
        for (int i = 0; i < 20; i++) {
            byte[] bytes = random(random, block + random.nextInt(3 * block));
            assertSameAsTheRule(bytes, 1 + random.nextInt(300));
        }
        byte[] longLine = new byte[3 * block];
        Arrays.fill(longLine, (byte) 'y');
        assertSameAsTheRule(longLine, 1024 * 1024);
    }

    private static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(20) == 0 ? ALPHABET[6 + random.nextInt(2)] : ALPHABET[random.nextInt(6)];
        }
        return bytes;
    }

    /** One line as the rule reads it: offsets, and the kept bytes of its content. */
    private record Line(long start, long contentEnd, long end, String head) {
    }

    private static void assertSameAsTheRule(byte[] bytes, int keep) throws IOException {
        List<Line> read = new ArrayList<>();
        try (Lines lines = new Lines(Content.of(bytes), keep)) {
            while (lines.next()) {
                read.add(new Line(lines.start(), lines.contentEnd(), lines.end(),
                        new String(lines.head(), 0, lines.headLength(), java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            assertFalse(lines.next(), "stays exhausted");
        }
        assertEquals(rule(bytes, keep), read, "keep " + keep + ", " + bytes.length + " bytes");
    }

    private static List<Line> rule(byte[] bytes, int keep) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int contentEnd = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(line(bytes, start, contentEnd, i + 1, keep));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(line(bytes, start, bytes.length, bytes.length, keep));
        }
        return lines;
    }

    private static Line line(byte[] bytes, int start, int contentEnd, int end, int keep) {
        int kept = Math.min(keep, contentEnd - start);
        return new Line(start, contentEnd, end, new String(bytes, start, kept,
                java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
