package dev.helpdesk.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sender file names made into harmless display names. */
class FileNamesTest {

    @Test
    void keepsOnlyTheLastPathSegment() {
        assertEquals("passwd", FileNames.displayName("../../etc/passwd"));
        assertEquals("y", FileNames.displayName("C:\\x\\y"));
        assertEquals("evil.sh", FileNames.displayName("/etc/cron.d/evil.sh"));
        assertEquals("b.txt", FileNames.displayName("..\\../a/..\\b.txt"));
    }

    @Test
    void dropsControlAndDirectionCharactersLeadingDotsAndDotRuns() {
        assertEquals("invoicefdp.exe", FileNames.displayName("invoice\u202Efdp.exe"));
        assertEquals("abc d.txt", FileNames.displayName("a\u0000b\r\n\tc\u00A0d.txt"));
        assertEquals("bashrc", FileNames.displayName(".bashrc"));
        assertEquals("a.b.pdf", FileNames.displayName("  ..a...b..pdf.. "));
        assertEquals("report_v2_.pdf", FileNames.displayName("report<v2>.pdf"));
    }

    @Test
    void fallsBackToAttachmentWithAnExtensionForTheType() {
        assertEquals("attachment.eml", FileNames.displayName("", "message/rfc822"));
        assertEquals("attachment.bin", FileNames.displayName("..", "application/octet-stream"));
        assertEquals("attachment.p7s", FileNames.displayName(null, "application/pkcs7-signature"));
        assertEquals("attachment", FileNames.displayName("/", "application/x-unheard-of"));
        assertEquals("attachment.png", FileNames.displayName("\u0000\u0001", "IMAGE/PNG"));
    }

    @Test
    void shortensLongNamesKeepingTheExtension() {
        String name = FileNames.displayName("n".repeat(5_000) + ".pdf");
        assertEquals(FileNames.MAX_LENGTH, name.length());
        assertTrue(name.endsWith("n.pdf"));
        String emoji = FileNames.displayName("😀".repeat(300));
        assertEquals(FileNames.MAX_LENGTH, emoji.codePointCount(0, emoji.length()));
    }

    @Test
    void neverReturnsAPathOrAnEmptyName() {
        Random random = new Random(7);
        String alphabet = "./\\.:\u0000 a\u202E..";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder hostile = new StringBuilder();
            for (int j = random.nextInt(40); j > 0; j--) {
                hostile.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = FileNames.displayName(hostile.toString(), "text/plain");
            assertFalse(name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")
                    || name.startsWith(".") || name.chars().anyMatch(Character::isISOControl), name);
        }
    }
}
