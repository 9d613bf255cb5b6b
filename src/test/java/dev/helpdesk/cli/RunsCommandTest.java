package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/** {@code helpdesk runs} over runs of a real fetch (GreenMail), on a clock the test moves; and their pruning. */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class RunsCommandTest {
    @Parameter
    StoreEngine engine;

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    java.nio.file.Path dir;

    private FetchHarness harness;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void mailbox() {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** Three runs an hour apart: 6 new, nothing new, then a rejected password. */
    private void threeRuns() {
        assertEquals(0, harness.runAt(clock, "fetch").code());
        clock.advance(Duration.ofHours(1));
        assertEquals(0, harness.runAt(clock, "fetch").code());
        clock.advance(Duration.ofHours(1));
        wrongPassword();
        assertEquals(69, harness.runAt(clock, "fetch").code());
        harness.env().put(FetchHarness.PASSWORD_ENV, dev.helpdesk.demo.DemoMailServer.PASSWORD);
    }

    private void wrongPassword() {
        harness.env().put(FetchHarness.PASSWORD_ENV, "not-the-password");
    }

    @Test
    void listsRunsNewestFirstWithStartOutcomeCountsAndError() throws Exception {
        threeRuns();

        CliRun text = harness.runAt(clock, "runs");
        assertEquals(0, text.code(), text.toString());
        List<String> lines = text.out().lines().toList();
        assertEquals(4, lines.size(), text.out());
        assertTrue(lines.get(0).startsWith("STARTED"), lines.get(0));
        assertTrue(lines.get(0).contains("NEW  DUPLICATES  QUARANTINED  SET ASIDE  REFUSED  RECOVERED  ACTIONS"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("2026-11-23 10:00:00 Z  support  test-host  unreachable"), lines.get(1));
        assertTrue(lines.get(1).contains("was rejected"), "the error, on the run's row: " + lines.get(1));
        assertTrue(lines.get(3).startsWith("2026-11-23 08:00:00 Z  support  test-host  ok"), lines.get(3));
        assertTrue(lines.get(3).matches(".* 0\\.0s +6 +0 +0 +0 +0 +0 +6 +0$"), lines.get(3));

        JsonNode json = new ObjectMapper().readTree(harness.runAt(clock, "runs", "--json").out());
        assertEquals(3, json.size());
        JsonNode failed = json.get(0);
        assertEquals("support", failed.get("mailbox").asText());
        assertEquals("2026-11-23T10:00:00Z", failed.get("startedAt").asText());
        assertEquals("unreachable", failed.get("outcome").asText());
        assertEquals(69, failed.get("exitCode").asInt());
        assertTrue(failed.get("error").asText().contains("was rejected"), failed.toString());
        JsonNode first = json.get(2);
        assertEquals(6, first.get("new").asInt());
        assertEquals(6, first.get("actionsApplied").asInt());
        assertTrue(first.get("bytes").asLong() > 0);
        assertEquals(0.0, first.get("seconds").asDouble());
        assertTrue(first.get("error").isNull());
    }

    @Test
    void filtersByAgeMailboxAndLimit() throws Exception {
        threeRuns();
        ObjectMapper mapper = new ObjectMapper();

        assertEquals(2, mapper.readTree(harness.runAt(clock, "runs", "--since", "90m", "--json").out()).size());
        assertEquals(3, mapper.readTree(harness.runAt(clock, "runs", "--since", "1d", "--json").out()).size());
        assertEquals(1, mapper.readTree(harness.runAt(clock, "runs", "--limit", "1", "--json").out()).size());
        assertEquals(3, mapper.readTree(harness.runAt(clock, "runs", "--mailbox", "support", "--json").out()).size());

        CliRun other = harness.runAt(clock, "runs", "--mailbox", "sales");
        assertEquals(0, other.code(), other.toString());
        assertEquals("No runs of mailbox sales are recorded. sales is not a configured mailbox; the mailboxes are:"
                + " support.", other.out().strip());
        clock.advance(Duration.ofMinutes(1));
        CliRun none = harness.runAt(clock, "runs", "--since", "30s");
        assertEquals("No runs started in the last 30s are recorded.", none.out().strip());

        CliRun badAge = harness.runAt(clock, "runs", "--since", "yesterday");
        assertEquals(2, badAge.code(), badAge.toString());
        assertTrue(badAge.err().contains("--since: expected a duration such as 90s, 10m, 2h or 1d"), badAge.err());
        CliRun badLimit = harness.runAt(clock, "runs", "--limit", "0");
        assertEquals(2, badLimit.code(), badLimit.toString());
        assertTrue(badLimit.err().contains("--limit must be from 1 to 10000"), badLimit.err());
    }

    @Test
    void statusPointsToTheHistory() {
        assertEquals(0, harness.runAt(clock, "fetch").code());
        CliRun status = harness.runAt(clock, "status");
        assertTrue(status.out().contains("  history       `helpdesk runs --mailbox support`"), status.out());
    }

    @Test
    void fetchPrunesOldRunsButKeepsTheNewestRunSuccessAndErrorOfEachMailbox() throws Exception {
        harness.writeConfig("\"runRetention\": \"1d\",", "");
        assertEquals(0, harness.runAt(clock, "fetch").code());            // T0: success
        clock.advance(Duration.ofHours(1));
        wrongPassword();
        assertEquals(69, harness.runAt(clock, "fetch").code());           // T0+1h: error
        clock.advance(Duration.ofDays(2));

        // Reading commands never prune, however old the rows.
        assertEquals(0, harness.runAt(clock, "runs").code());
        assertEquals(0, harness.runAt(clock, "status").code());
        assertEquals(2, harness.count("SELECT count(*) FROM runs"));

        assertEquals(69, harness.runAt(clock, "fetch").code());           // T0+2d+1h: error; T0+1h is no longer the newest
        assertEquals(List.of("unreachable", "ok"), outcomes());
        assertEquals(List.of("2026-11-25T09:00:00Z", "2026-11-23T08:00:00Z"), starts(),
                "the old success stays: it is the newest one; the old error went");

        harness.env().put(FetchHarness.PASSWORD_ENV, dev.helpdesk.demo.DemoMailServer.PASSWORD);
        clock.advance(Duration.ofHours(1));
        assertEquals(0, harness.runAt(clock, "fetch").code());            // T0+2d+2h: success
        assertEquals(List.of("ok", "unreachable"), outcomes(), "the old success went once a newer one came");
    }

    private List<String> outcomes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(harness.runAt(clock, "runs", "--json").out());
        return java.util.stream.StreamSupport.stream(json.spliterator(), false)
                .map(run -> run.get("outcome").asText()).toList();
    }

    private List<String> starts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(harness.runAt(clock, "runs", "--json").out());
        return java.util.stream.StreamSupport.stream(json.spliterator(), false)
                .map(run -> run.get("startedAt").asText()).toList();
    }

    @Test
    void withoutADatabaseSaysNothingRanAndCreatesNothing() {
        CliRun runs = harness.runAt(clock, "runs");
        assertEquals(0, runs.code(), runs.toString());
        assertEquals("No runs are recorded.", runs.out().strip());
        assertEquals("[ ]", harness.runAt(clock, "runs", "--json").out().strip());
        assertFalse(java.nio.file.Files.exists(harness.dataDir().resolve("helpdesk.db")));
    }
}
