package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/** Nothing set aside is invisible: `skipped list` shows what was left on the server, `skipped fetch` takes it. */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class SkippedTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;

    @BeforeEach
    void start() {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
        harness.writeConfig("\"limits\": { \"maxMessageSize\": \"700B\" },", "");
        CliRun first = harness.run("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("support: 5 new") && first.out().contains("1 set aside"), first.out());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aTooBigMessageIsListedWithItsHeaderSectionAndCountedByStatus() throws Exception {
        CliRun list = harness.run("skipped", "list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().startsWith("#1  support/INBOX UID 5, "), list.out());
        assertTrue(list.out().contains("too big (limits.maxMessageSize is 700 B)"), list.out());
        assertTrue(list.out().contains("Subject: Invoice copy attached"), list.out());
        assertTrue(list.out().contains("from "), list.out());
        assertTrue(list.out().contains("`helpdesk skipped fetch ID`"), list.out());

        JsonNode json = new ObjectMapper().readTree(harness.run("skipped", "list", "--json").out());
        assertEquals(1, json.size());
        JsonNode entry = json.get(0);
        assertEquals("support", entry.get("mailbox").asText());
        assertEquals("INBOX", entry.get("folder").asText());
        assertEquals(5, entry.get("uid").asLong());
        assertEquals("too-big", entry.get("reason").asText());
        assertEquals(700, entry.get("maxMessageSize").asLong());
        assertTrue(entry.get("size").asLong() > 700);
        assertTrue(entry.get("subject").asText().startsWith("Invoice copy attached"));
        assertTrue(entry.get("date").isTextual(), entry.toString());

        CliRun status = harness.run("status");
        assertTrue(status.out().contains("1 set aside on the server (see `helpdesk skipped list`)"), status.out());
    }

    @Test
    void skippedFetchImportsItNowRegardlessOfTheLimit() {
        CliRun fetched = harness.run("skipped", "fetch", "1");
        assertEquals(0, fetched.code(), fetched.toString());
        assertTrue(fetched.out().startsWith("support: 1 new"), fetched.out());
        assertEquals(0, harness.count("SELECT count(*) FROM set_aside"));
        assertEquals(6, harness.count("SELECT count(*) FROM messages"));
        assertEquals(6, harness.count("SELECT count(*) FROM ledger WHERE outcome = 'stored'"));
        assertEquals(1, harness.count("SELECT count(*) FROM attachments"), "its attachment came with it");
        assertEquals(6, harness.seenCount("INBOX"), "and its afterFetch action was applied");
        assertTrue(harness.run("skipped", "list").out().contains("Nothing is set aside"));
        assertTrue(harness.run("fetch").out().startsWith("support: 0 new"), "and it is not fetched twice");
    }

    @Test
    void raisingTheLimitMakesTheNextFetchImportIt() {
        harness.writeConfig("", "");
        CliRun next = harness.run("fetch");
        assertEquals(0, next.code(), next.toString());
        assertTrue(next.out().startsWith("support: 1 new"), next.out());
        assertEquals(0, harness.count("SELECT count(*) FROM set_aside"));
        assertEquals(0, harness.duplicateMessages());
    }

    @Test
    void anUnknownIdIsAUsageErrorNamingTheListCommand() {
        CliRun unknown = harness.run("skipped", "fetch", "99");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("there is no set-aside message 99; `helpdesk skipped list` shows them."),
                unknown.err());
    }
}
