package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * A message is a duplicate only when it is the same message: carriers reuse Message-IDs across different
 * mails (FreeScout #5591), and dropping one of them, then deleting it on the server, loses a customer's mail.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class MessageIdentityTest {
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

    static String mail(String from, String subject, String body, String extraHeaders) {
        return extraHeaders + "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject
                + "\r\nMessage-ID: <order-confirmation@carrier.example>\r\nDate: Tue, 1 Dec 2026 09:00:00 +0000\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    private void deliver(String raw) {
        harness.server().deliverText(raw);
    }

    @Test
    void twoDifferentMailsWithOneMessageIdAreBothStoredAndDeletedWhileATrueCopyIsOneDuplicate() throws Exception {
        harness.writeConfig("", "\"afterFetch\": \"delete\",");
        String first = mail("Alice <alice@example.org>", "Where is my parcel?", "Order 1001 has not arrived.", "");
        deliver(first);
        deliver(mail("Bob <bob@example.net>", "Wrong size", "Order 2002 came in the wrong size.", ""));
        deliver(first.replace("From: Alice", "Received: from mx2.carrier.example by mx.example.com; Tue, 1 Dec 2026"
                + " 09:00:09 +0000\r\nDelivered-To: support@example.com\r\nFrom: Alice"));

        CliRun fetch = harness.run("fetch");
        assertEquals(0, fetch.code(), fetch.toString());
        assertTrue(fetch.out().startsWith("support: 2 new, 1 duplicates"), fetch.out());
        assertEquals(2, harness.count("SELECT count(*) FROM messages WHERE message_id = 'order-confirmation@carrier.example'"));
        assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE from_email = 'bob@example.net'"
                + " AND notes LIKE '%reuses the Message-ID <order-confirmation@carrier.example> of message 1%'"));
        assertEquals(2, harness.count("SELECT count(DISTINCT conversation_id) FROM messages"),
                "the second mail threads by its own headers, not into the mail whose ID it reuses");
        assertEquals(0, harness.duplicateMessages());
        assertEquals(0, harness.messages("INBOX").size(), "both stored mails and the true copy are deleted");
    }

    @Test
    void aCopyWithOtherTraceFieldsInALaterRunIsADuplicateOfAMailWhoseContentWasNeverHashed() throws Exception {
        String first = mail("Alice <alice@example.org>", "Where is my parcel?", "Order 1001 has not arrived.", "");
        deliver(first);
        assertEquals(0, harness.run("fetch").code());
        assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE content_sha256 IS NULL"),
                "a Message-ID nobody else has needs no content hash");

        deliver(first.replace("From: Alice", "Received: from mx2.carrier.example by mx.example.com; Tue, 1 Dec 2026"
                + " 09:00:09 +0000\r\nFrom: Alice"));
        CliRun fetch = harness.run("fetch");
        assertEquals(0, fetch.code(), fetch.toString());
        assertTrue(fetch.out().startsWith("support: 0 new, 1 duplicates"), fetch.out());
        assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE content_sha256 IS NOT NULL"),
                "the stored mail's content hash is computed from its raw bytes, and kept");
        assertEquals(0, harness.duplicateMessages());
    }

    @Test
    void aReplyToAReusedIdStillFindsAConversation() throws Exception {
        deliver(mail("Alice <alice@example.org>", "Where is my parcel?", "Order 1001 has not arrived.", ""));
        deliver(mail("Bob <bob@example.net>", "Wrong size", "Order 2002 came in the wrong size.", ""));
        deliver("From: Alice <alice@example.org>\r\nTo: support@example.com\r\nSubject: Re: Where is my parcel?\r\n"
                + "Message-ID: <reply@example.org>\r\nIn-Reply-To: <order-confirmation@carrier.example>\r\n\r\nAny news?\r\n");
        assertEquals(0, harness.run("fetch").code());
        assertEquals(harness.count("SELECT conversation_id FROM messages WHERE id = 1"),
                harness.count("SELECT conversation_id FROM messages WHERE message_id = 'reply@example.org'"),
                "a reply naming the ID joins the oldest mail that has it");
    }

    @Test
    void quarantineRetryKeepsBytesThatAreNotATrueCopy() throws Exception {
        deliver(mail("Alice <alice@example.org>", "Where is my parcel?", "Order 1001 has not arrived.", ""));
        assertEquals(0, harness.run("fetch").code());
        byte[] different = mail("Bob <bob@example.net>", "Wrong size", "Order 2002 came in the wrong size.", "")
                .getBytes(StandardCharsets.UTF_8);
        byte[] copy = ("Received: from relay.example by mx.example.com; Tue, 1 Dec 2026 09:01:00 +0000\r\n"
                + mail("Alice <alice@example.org>", "Where is my parcel?", "Order 1001 has not arrived.", ""))
                .getBytes(StandardCharsets.UTF_8);
        try (Store store = harness.openStore()) {
            // As an older parser would have left them: raw bytes and an error, waiting for a retry.
            store.inTransaction(tx -> {
                tx.blobs().put("legacy-1", different.length, () -> new ByteArrayInputStream(different));
                tx.quarantine().add("support", "INBOX", 41, "legacy-1", different.length, "old parser", Instant.now());
                tx.blobs().put("legacy-2", copy.length, () -> new ByteArrayInputStream(copy));
                return tx.quarantine().add("support", "INBOX", 42, "legacy-2", copy.length, "old parser", Instant.now());
            });
        }
        CliRun retry = harness.run("quarantine", "retry", "--all");
        assertEquals(0, retry.code(), retry.toString());
        assertTrue(retry.out().contains("#1: stored as message 2"), retry.out());
        assertTrue(retry.out().contains("#2: a copy of message 1"), retry.out());
        assertEquals(2, harness.count("SELECT count(*) FROM messages"));
        assertNotEquals(0, harness.count("SELECT count(*) FROM messages WHERE from_email = 'bob@example.net'"));
    }
}
