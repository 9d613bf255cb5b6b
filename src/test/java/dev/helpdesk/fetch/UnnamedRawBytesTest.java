package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.StoreEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A message's raw bytes are stored without a name (schema 14), found through the message; attachments keep their
 * hash. Nothing that was found by a raw hash before is lost: a copy of a message is still a duplicate, bytes an
 * older helpdesk stored under their hash still recognise their copy, and a quarantined input that parses now is
 * not stored twice.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class UnnamedRawBytesTest {
    private static final String NO_ID = "From: Alice <alice@example.org>\r\nTo: support@example.com\r\n"
            + "Subject: No Message-ID here\r\nDate: Tue, 1 Dec 2026 09:00:00 +0000\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nMy order has not arrived.\r\n";
    private static final String WITH_PDF = "From: Bob <bob@example.net>\r\nTo: support@example.com\r\n"
            + "Subject: Invoice\r\nMessage-ID: <invoice@example.net>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "See the invoice.\r\n--b\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "JVBERi0xLjQgaW52b2ljZQ==\r\n--b--\r\n";

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;

    @BeforeEach
    void start() {
        harness = new FetchHarness(dir, engine);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void rawBytesHaveNoNameAttachmentsDoAndACopyIsStillADuplicate() throws Exception {
        deliver(NO_ID);
        deliver(WITH_PDF);
        assertEquals(0, harness.run("fetch").code());
        assertEquals(2, harness.count("SELECT count(*) FROM blobs b JOIN messages m ON m.raw_blob = b.id"
                + " WHERE b.sha256 IS NULL"), "both messages' raw bytes are unnamed blobs");
        assertEquals(1, harness.count("SELECT count(*) FROM attachments a JOIN blobs b ON b.sha256 = a.sha256"),
                "the attachment is named by its hash");
        for (long id = 1; id <= 2; id++) {
            assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE id = ? AND sha256 = ?", id,
                    sha256(rawBytes(id))), "message " + id + "'s blob holds the bytes its hash names");
        }

        deliver(NO_ID);
        deliver(WITH_PDF);
        assertEquals(0, harness.run("fetch").code());
        assertEquals(2, harness.count("SELECT count(*) FROM messages"), "the copies are duplicates");
        assertEquals(4, harness.count("SELECT count(*) FROM ledger WHERE outcome = 'duplicate' OR outcome = 'stored'"));
        assertEquals(2, harness.count("SELECT count(DISTINCT sha256) FROM ledger"), "the very same bytes came twice");
        assertEquals(3, harness.count("SELECT count(*) FROM blobs"), "and nothing was stored again");
    }

    @Test
    void bytesAnOlderHelpdeskStoredUnderTheirHashStillMakeTheirCopyADuplicate() throws Exception {
        deliver(NO_ID);
        assertEquals(0, harness.run("fetch").code());
        // As an older helpdesk left it: the raw bytes named by their hash, and a synthetic Message-ID of its own rule.
        try (Store store = harness.openStore()) {
            store.inTransaction(tx -> {
                tx.execute("UPDATE blobs SET sha256 = (SELECT sha256 FROM messages WHERE id = 1)"
                        + " WHERE id = (SELECT raw_blob FROM messages WHERE id = 1)");
                tx.execute("UPDATE messages SET message_id = 'older-rule@helpdesk.invalid' WHERE id = 1");
                return null;
            });
        }
        deliver(NO_ID);
        assertEquals(0, harness.run("fetch").code());
        assertEquals(1, harness.count("SELECT count(DISTINCT sha256) FROM ledger"), "the very same bytes came twice");
        assertEquals(1, harness.count("SELECT count(*) FROM ledger WHERE outcome = 'duplicate'"));
        assertEquals(1, harness.count("SELECT count(*) FROM messages"));
        assertEquals(1, harness.count("SELECT count(*) FROM blobs"));
    }

    @Test
    void anInputOnceQuarantinedIsNotStoredTwiceWhenItParsesNow() throws Exception {
        harness.run("fetch"); // the store and its schema
        byte[] raw = WITH_PDF.getBytes(StandardCharsets.UTF_8);
        String hash = sha256(raw);
        try (Store store = harness.openStore()) {
            // As an older parser would have left it: the bytes under their hash and an error, waiting for a retry.
            store.inTransaction(tx -> {
                tx.blobs().put(hash, raw.length, () -> new ByteArrayInputStream(raw));
                return tx.quarantine().add("support", "INBOX", 7, hash, raw.length, "old parser", Instant.now());
            });
        }
        CliRun retry = harness.run("quarantine", "retry", "--all");
        assertEquals(0, retry.code(), retry.toString());
        assertTrue(retry.out().contains("#1: stored as message 1"), retry.out());
        assertEquals(1, harness.count("SELECT count(*) FROM messages m JOIN blobs b ON b.id = m.raw_blob"
                + " WHERE b.sha256 = ?", hash), "the message owns the quarantined bytes");
        assertEquals(2, harness.count("SELECT count(*) FROM blobs"), "those bytes and the attachment's, once each");
    }

    private void deliver(String raw) {
        harness.server().deliverText(raw);
    }

    private byte[] rawBytes(long message) {
        long blob = harness.count("SELECT raw_blob FROM messages WHERE id = ?", message);
        try (Store store = harness.openStore()) {
            return store.inTransaction(tx -> {
                try (InputStream in = tx.blobs().open(blob)) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
