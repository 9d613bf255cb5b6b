package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Connection;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/** `helpdesk fetch` in process against a real GreenMail IMAP server and a real SQLite file. */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class FetchTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;

    @BeforeEach
    void start() {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void drainsTheMailboxThenFindsNothingNew() {
        CliRun first = harness.run("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().matches("support: 6 new, 0 duplicates, 0 quarantined, 0 set aside, 6 actions applied,"
                + " 0 remaining on server, \\d+\\.\\ds\\R"), first.out());
        assertEquals("", first.err());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
        assertEquals(3, harness.count("SELECT count(*) FROM conversations"),
                "the three-message thread is one; the auto-reply opens none");
        assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE kind = 'auto-reply'"
                + " AND conversation_id IS NULL"));
        assertEquals(1, harness.count("SELECT count(*) FROM messages WHERE kind = 'own' AND conversation_id = 1"),
                "our own reply threads into the customer's conversation");
        assertEquals(6, harness.seenCount("INBOX"), "mark-seen is the default afterFetch");

        CliRun second = harness.run("fetch");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().startsWith("support: 0 new, 0 duplicates"), second.out());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
        assertEquals(2, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'support' AND outcome = 'ok'"));
        assertEquals(0, harness.count("SELECT count(*) FROM locks"), "the lock is released after the run");
    }

    @Test
    void mailAnotherClientMarkedSeenIsStillImported() throws Exception {
        MailFolder inbox = harness.folder("INBOX");
        for (StoredMessage message : inbox.getMessages()) {
            inbox.setFlags(new Flags(Flags.Flag.SEEN), true, message.getUid(), null, false);
        }
        CliRun result = harness.run("fetch");
        assertEquals(0, result.code(), result.toString());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
    }

    @Test
    void aChangedUidValidityImportsNothingTwice() throws Exception {
        harness.writeConfig("", "\"folders\": [\"Support\"],");
        fillFolder("Support");
        long before = harness.folder("Support").getUidValidity();
        assertEquals(0, harness.run("fetch").code());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));

        var host = harness.server().greenMail().getManagers().getImapHostManager();
        host.deleteMailbox(harness.server().user(), "Support");
        Thread.sleep(1_010 - System.currentTimeMillis() % 1_000); // GreenMail's UIDVALIDITY counts seconds
        fillFolder("Support");
        assertNotEquals(before, harness.folder("Support").getUidValidity(), "the folder really got a new UIDVALIDITY");

        CliRun again = harness.run("fetch");
        assertEquals(0, again.code(), again.toString());
        // Recognised by Message-ID and size from their headers alone: nothing downloaded, nothing marked again.
        assertTrue(again.out().startsWith("support: 0 new, 0 duplicates") && again.out().contains(
                "6 recognised after a UIDVALIDITY change"), again.out());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
        assertEquals(0, harness.duplicateMessages());
    }

    private void fillFolder(String name) throws Exception {
        var host = harness.server().greenMail().getManagers().getImapHostManager();
        MailFolder folder = host.createMailbox(harness.server().user(), name);
        for (StoredMessage message : harness.messages("INBOX")) {
            folder.appendMessage(new MimeMessage(message.getMimeMessage()), new Flags(), new Date());
        }
    }

    @Test
    void perRunLimitsLeaveTheRestForTheNextRun() {
        harness.writeConfig("\"limits\": { \"maxMessages\": 4 },", "");
        CliRun first = harness.run("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 4 new") && first.out().contains("2 remaining on server"),
                first.out());
        assertEquals(4, harness.seenCount("INBOX"), "only what was stored got its action");
        CliRun second = harness.run("fetch");
        assertTrue(second.out().startsWith("support: 2 new") && second.out().contains("0 remaining on server"),
                second.out());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
        assertEquals(0, harness.duplicateMessages());
    }

    @Test
    void anOversizedMessageIsRecordedAndLeftOnTheServerUntouched() throws Exception {
        harness.writeConfig("\"limits\": { \"maxMessageSize\": \"700B\" },", "");
        CliRun result = harness.run("fetch");
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().startsWith("support: 5 new") && result.out().contains("1 set aside"), result.out());
        assertEquals(1, harness.count("SELECT count(*) FROM ledger WHERE outcome = 'set-aside' AND size > 700"));
        try (Store store = harness.openStore(); Connection db = harness.store().connect();
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT headers FROM set_aside WHERE reason = 'too-big' AND size > 700")) {
            assertTrue(row.next());
            assertTrue(new String(row.getBytes(1), StandardCharsets.UTF_8).contains("Subject: Invoice copy attached"),
                    "headers kept");
            assertFalse(row.next());
        }
        StoredMessage attachment = harness.messages("INBOX").stream()
                .filter(m -> !m.isSet(Flags.Flag.SEEN)).findFirst().orElseThrow();
        assertEquals(5, harness.seenCount("INBOX"));
        assertTrue(attachment.getMimeMessage().getSubject().startsWith("Invoice copy"));
        CliRun status = harness.run("status");
        assertTrue(status.out().contains("5 stored, 0 quarantined, 1 set aside on the server (see `helpdesk skipped"
                + " list`)"), status.out());
        assertTrue(harness.run("fetch").out().startsWith("support: 0 new"), "not reconsidered every run");
    }

    @Test
    void aWrongPasswordFailsThatMailboxWithTheServersReasonAndTheOtherIsDrained() {
        harness.env().put("WRONG_PW", "not-the-password");
        harness.writeRaw("""
                {
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "sales", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "WRONG_PW" } },
                    { "name": "support", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(harness.dataDir(), harness.server().port(), DemoMailServer.USER,
                harness.server().port(), DemoMailServer.USER, FetchHarness.PASSWORD_ENV));
        CliRun result = harness.run("fetch");
        assertEquals(69, result.code(), result.toString());
        assertTrue(result.err().startsWith("helpdesk: sales: unreachable: "), result.err());
        assertFalse(result.err().contains("not-the-password"), "the password is never printed");
        assertTrue(result.out().startsWith("support: 6 new"), result.out());
        assertEquals(6, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(1, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'sales'"
                + " AND error IS NOT NULL"));
    }

    @Test
    void aMissingPasswordVariableIsAConfigProblemNamingTheVariable() {
        harness.env().remove(FetchHarness.PASSWORD_ENV);
        CliRun result = harness.run("fetch");
        assertEquals(78, result.code(), result.toString());
        assertTrue(result.err().contains("environment variable " + FetchHarness.PASSWORD_ENV + ", which is not set"),
                result.err());
    }

    @Test
    void dryRunListsWhatWouldBeFetchedAndChangesNothingAnywhere() throws Exception {
        CliRun fresh = harness.run("fetch", "--dry-run");
        assertEquals(0, fresh.code(), fresh.toString());
        assertTrue(fresh.out().startsWith("support: would fetch 6 messages"), fresh.out());
        assertFalse(Files.exists(harness.dataDir()), "no data directory, no database");
        assertEquals(0, harness.seenCount("INBOX"));

        assertEquals(0, harness.run("fetch").code());
        harness.server().deliver("01-customer-question.eml");
        String before = snapshot();
        List<Boolean> flagsBefore = harness.messages("INBOX").stream().map(m -> m.isSet(Flags.Flag.SEEN)).toList();
        CliRun dry = harness.run("fetch", "--dry-run");
        assertTrue(dry.out().startsWith("support: would fetch 1 messages"), dry.out());
        assertEquals(before, snapshot());
        assertEquals(flagsBefore, harness.messages("INBOX").stream().map(m -> m.isSet(Flags.Flag.SEEN)).toList());
    }

    private String snapshot() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("messages", "ledger", "runs", "locks", "lock_fences", "pending_actions",
                "folder_state", "conversations", "customers", "quarantine")) {
            all.append(table).append('=').append(harness.count("SELECT count(*) FROM " + table)).append(' ');
        }
        all.append(harness.count("SELECT coalesce(max(last_uid), 0) FROM folder_state"));
        return all.toString();
    }

    @Test
    void moveAfterFetchMovesExactlyTheStoredMessages() {
        harness.writeConfig("", "\"afterFetch\": \"move:Processed\",");
        CliRun result = harness.run("fetch");
        assertEquals(0, result.code(), result.toString());
        assertEquals(0, harness.messages("INBOX").size());
        assertEquals(6, harness.messages("Processed").size());
    }

    @Test
    void deleteAfterFetchRemovesOnlyOurMessages() throws Exception {
        harness.writeConfig("", "\"afterFetch\": \"delete\",");
        assertEquals(0, harness.run("fetch").code());
        assertEquals(0, harness.messages("INBOX").size());
        assertEquals(6, harness.count("SELECT count(*) FROM messages"), "deleted on the server only after storing");
    }

    @Test
    void quietPrintsOnlyErrors() {
        CliRun quiet = harness.run("--quiet", "fetch");
        assertEquals(0, quiet.code(), quiet.toString());
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
        harness.env().remove(FetchHarness.PASSWORD_ENV);
        CliRun failing = harness.run("fetch", "-q");
        assertEquals(78, failing.code());
        assertEquals(1, failing.err().lines().count(), failing.err());
    }

    @Test
    void unknownMailboxNameIsAUsageErrorListingTheMailboxes() {
        CliRun result = harness.run("fetch", "--mailbox", "nope");
        assertEquals(2, result.code(), result.toString());
        assertTrue(result.err().contains("there is no mailbox named nope") && result.err().contains("support"),
                result.err());
    }

    @Test
    void jsonSummaryHasTheDocumentedShape() throws Exception {
        CliRun result = harness.run("fetch", "--mailbox", "support", "--json");
        assertEquals(0, result.code(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertFalse(json.get("dryRun").asBoolean());
        assertEquals(0, json.get("exitCode").asInt());
        JsonNode support = json.get("mailboxes").get(0);
        assertEquals("support", support.get("name").asText());
        assertEquals("ok", support.get("outcome").asText());
        assertEquals(6, support.get("new").asInt());
        assertEquals(6, support.get("actionsApplied").asInt());
        assertTrue(support.get("error").isNull());

        JsonNode status = new ObjectMapper().readTree(harness.run("status", "--json").out()).get(0);
        assertEquals(6, status.get("storedMessages").asInt());
        assertEquals("ok", status.get("lastRun").get("outcome").asText());
        assertEquals("free", status.get("lock").asText());
        assertTrue(status.get("lastError").isNull());
    }
}
