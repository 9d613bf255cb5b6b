package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** conversations (tickets) and quarantine commands over a store filled by a real fetch. */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class ReadingCommandsTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;

    @BeforeEach
    void fetchTheDemoMailbox() {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
        assertEquals(0, harness.run("fetch").code());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void listShowsConversationsNewestFirstAndTicketsIsAnAlias() {
        CliRun list = harness.run("conversations", "list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains("#1  open  support  Cannot log in after password reset"), list.out());
        assertTrue(list.out().contains("Maria Keller <maria.keller@example.org>, 3 messages"), list.out());
        assertTrue(list.out().contains("Zahlung fehlgeschlagen – Rechnung Nr. 4711 (Überweisung)"), list.out());
        assertEquals(list.out(), harness.run("tickets", "list").out());
    }

    @Test
    void showPrintsParticipantsNewTextAndFlags() throws Exception {
        CliRun show = harness.run("conversations", "show", "1");
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("participants  maria.keller@example.org"), show.out());
        assertTrue(show.out().contains("[from us]"), show.out());
        assertTrue(show.out().contains("It works now, thank you!"), show.out());
        assertFalse(show.out().contains("> we have unlocked your account."), "quoted history is cut: " + show.out());

        JsonNode json = new ObjectMapper().readTree(harness.run("tickets", "show", "1", "--json").out());
        assertEquals(1, json.get("number").asInt());
        assertEquals("open", json.get("status").asText());
        assertEquals(3, json.get("messages").size());
        assertEquals("own", json.get("messages").get(1).get("kind").asText());
        assertEquals("It works now, thank you!", json.get("messages").get(2).get("newText").asText());
    }

    @Test
    void closeAndReopenAndStatusFilter() {
        assertEquals(0, harness.run("conversations", "close", "1").code());
        assertTrue(harness.run("conversations", "list", "--status", "closed").out().contains("#1  closed"));
        assertFalse(harness.run("conversations", "list", "--status", "open").out().contains("#1 "));
        assertEquals(0, harness.run("conversations", "reopen", "1").code());
        CliRun bad = harness.run("conversations", "list", "--status", "pending");
        assertEquals(2, bad.code(), bad.toString());
        CliRun missing = harness.run("conversations", "show", "999");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("there is no conversation #999"), missing.err());
    }

    @Test
    void quarantineListShowExportAndRetryMoveAMessageIntoItsConversation() throws Exception {
        byte[] raw = ("From: Maria Keller <maria.keller@example.org>\r\nTo: support@example.com\r\n"
                + "Subject: Re: Cannot log in after password reset\r\nMessage-ID: <late@example.org>\r\n"
                + "In-Reply-To: <a1b2c3@mail.example.org>\r\n\r\nOne more thing.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        try (Store store = harness.openStore()) {
            // As an older parser would have left it: the bytes and its error, waiting for a retry.
            store.inTransaction(tx -> {
                tx.blobs().put("sha", raw.length, () -> new java.io.ByteArrayInputStream(raw));
                return tx.quarantine().add("support", "INBOX", 42, "sha", raw.length, "old parser failed",
                        Instant.now());
            });
        }
        CliRun list = harness.run("quarantine", "list");
        assertTrue(list.out().startsWith("#1  support/INBOX UID 42"), list.out());
        assertTrue(list.out().contains("old parser failed"), list.out());
        assertTrue(harness.run("status").out().contains("1 quarantined"));

        CliRun show = harness.run("quarantine", "show", "1");
        assertTrue(show.out().contains("Message-ID: <late@example.org>"), show.out());

        Path exported = dir.resolve("q1.eml");
        assertEquals(0, harness.run("quarantine", "export", "1", exported.toString()).code());
        assertEquals(new String(raw, StandardCharsets.UTF_8), Files.readString(exported));
        CliRun again = harness.run("quarantine", "export", "1", exported.toString());
        assertEquals(2, again.code(), "never overwrites without --force");

        CliRun retry = harness.run("quarantine", "retry", "--all");
        assertEquals(0, retry.code(), retry.toString());
        assertTrue(retry.out().contains("#1: stored as message 7 in conversation 1"), retry.out());
        assertTrue(harness.run("quarantine", "list").out().contains("Nothing is quarantined."));
        assertTrue(harness.run("conversations", "show", "1").out().contains("One more thing."));
    }

    @Test
    void retryOfAMessageThatStillFailsCountsTheAttemptAndExits65() {
        try (Store store = harness.openStore()) {
            byte[] raw = "no header here at all\r\n".getBytes(StandardCharsets.UTF_8);
            store.inTransaction(tx -> {
                tx.blobs().put("sha", raw.length, () -> new java.io.ByteArrayInputStream(raw));
                return tx.quarantine().add("support", "INBOX", 43, "sha", raw.length, "first error", Instant.now());
            });
        }
        CliRun retry = harness.run("quarantine", "retry", "1");
        assertEquals(65, retry.code(), retry.toString());
        assertTrue(retry.out().contains("still cannot be read (attempt 2)"), retry.out());
        assertTrue(harness.run("quarantine", "list").out().contains("2 attempts"));
        assertEquals(2, harness.run("quarantine", "retry", "77").code());
    }
}
