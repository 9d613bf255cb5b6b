package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.mail.Content;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable.StoredAttachment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments through {@link Ingest#store}: kept in the database by hash, hostile names never become paths. */
class AttachmentIngestTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Set<String> DATABASE_FILES = Set.of("helpdesk.db", "helpdesk.db-wal", "helpdesk.db-shm",
            "helpdesk.db-journal");

    @TempDir
    Path root;

    @Test
    void hostileFileNamesWriteNothingOutsideTheDatabaseAndAreShownSanitised() throws IOException {
        // Deep enough that "../../etc/passwd" taken as a path from the data dir would land inside root.
        Path dataDir = root.resolve("a/b/data");
        String longName = "n".repeat(5_000) + ".pdf";
        byte[] raw = mixed("hostile@example.com", "h1@example.com",
                part("../../etc/passwd", "text/plain", "root:x:0:0"),
                part("C:\\x\\y", "application/octet-stream", "windows path"),
                part("..", "application/octet-stream", "dots"),
                part(longName, "application/pdf", "long name"),
                part("/etc/cron.d/evil", "text/plain", "absolute"));
        List<StoredAttachment> stored;
        try (CorpusRig rig = new CorpusRig(dataDir)) {
            Set<String> before = files(root);
            Ingest.Result result = rig.store(1, raw, NOW);
            assertEquals(Outcome.STORED, result.outcome());
            stored = rig.attachments(result.ref());
            Set<String> after = files(root);
            Set<String> changed = new TreeSet<>(after);
            changed.removeAll(before);
            assertTrue(changed.stream().allMatch(p -> DATABASE_FILES.contains(Path.of(p).getFileName().toString())),
                    "only database files may appear: " + changed);
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<String> names = all.map(p -> p.getFileName().toString()).toList();
            for (String written : List.of("passwd", "y", "x", "evil", "etc")) {
                assertTrue(!names.contains(written), written + " was written under " + root + ": " + names);
            }
        }
        List<String> shown = stored.stream().map(StoredAttachment::name).toList();
        assertEquals("passwd", shown.get(0));
        assertEquals("y", shown.get(1));
        assertEquals("attachment.bin", shown.get(2));
        assertEquals(200, shown.get(3).length());
        assertTrue(shown.get(3).endsWith("nnn.pdf"), shown.get(3));
        assertEquals("evil", shown.get(4));
        assertTrue(shown.stream().noneMatch(n -> n.contains("/") || n.contains("\\") || n.contains("..")),
                shown::toString);
    }

    @Test
    void anAttachmentAboveTheLimitIsRecordedWithoutItsBytes() {
        try (CorpusRig rig = new CorpusRig(root.resolve("data"), 1024)) {
            Ingest.Result result = rig.store(1, mixed("big@example.com", "b1@example.com",
                    part("big.bin", "application/octet-stream", "x".repeat(2048)),
                    part("small.txt", "text/plain", "y".repeat(1024))), NOW);

            List<StoredAttachment> stored = rig.attachments(result.ref());
            StoredAttachment big = stored.get(0);
            assertEquals(2048, big.size());
            assertEquals(Optional.empty(), big.sha256());
            assertEquals(Optional.of("larger than limits.maxAttachmentSize (1KB)"), big.omitted());
            StoredAttachment small = stored.get(1);
            assertEquals(Optional.empty(), small.omitted());
            assertEquals(Optional.of(Content.of("y".repeat(1024).getBytes(StandardCharsets.US_ASCII)).sha256()),
                    small.sha256());
            assertEquals(1, rig.count("(SELECT DISTINCT sha256 FROM attachments WHERE sha256 IS NOT NULL)"));
            assertEquals(2, rig.count("blobs"), "the small attachment and the raw message");
        }
    }

    @Test
    void theSameContentInTwoMessagesIsStoredOnce() {
        try (CorpusRig rig = new CorpusRig(root.resolve("data"))) {
            Ingest.Result first = rig.store(1, mixed("a@example.com", "s1@example.com",
                    part("report.pdf", "application/pdf", "same bytes")), NOW);
            Ingest.Result second = rig.store(2, mixed("b@example.com", "s2@example.com",
                    part("copy of report.pdf", "application/pdf", "same bytes")), NOW);

            StoredAttachment a = rig.attachments(first.ref()).get(0);
            StoredAttachment b = rig.attachments(second.ref()).get(0);
            assertEquals(a.sha256(), b.sha256());
            assertEquals("copy of report.pdf", b.name());
            assertEquals(3, rig.count("blobs"), "one attachment and two raw messages");
            assertEquals("same bytes", new String(rig.blob(a.sha256().orElseThrow()).orElseThrow(),
                    StandardCharsets.US_ASCII));
        }
    }

    private static Set<String> files(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String part(String fileName, String type, String content) {
        String quoted = fileName.replace("\\", "\\\\").replace("\"", "\\\"");
        return "Content-Type: " + type + "\nContent-Disposition: attachment; filename=\"" + quoted + "\"\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII)) + "\n";
    }

    private static byte[] mixed(String from, String messageId, String... parts) {
        StringBuilder text = new StringBuilder("From: " + from + "\nTo: support@example.com\nSubject: files\n"
                + "Message-ID: <" + messageId + ">\nContent-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/plain\n\nSee attached.\n");
        for (String part : parts) {
            text.append("--m\n").append(part);
        }
        text.append("--m--\n");
        return text.toString().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
