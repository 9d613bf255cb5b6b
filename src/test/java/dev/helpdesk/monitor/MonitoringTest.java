package dev.helpdesk.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.DovecotRig;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.RunTable;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.MutableClock;
import dev.helpdesk.testing.SampleMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helpdesk check} (a monitoring plugin) and {@code helpdesk metrics} (Prometheus text) over a store that
 * real fetches from Dovecot filled: each state with its exit code, valid performance data, and metrics parsed back.
 */
class MonitoringTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    /** One performance data item: 'label'=value[UOM];[warn];[crit];[min];[max] (monitoring-plugins.org). */
    private static final Pattern PERFDATA = Pattern.compile(
            "'[^'=]+'=(-?[0-9.]+|U)(s|ms|us|%|B|KB|MB|TB|c)?(;-?[0-9.:~@]*){0,4}");

    @TempDir
    Path dir;

    private DovecotRig rig;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void mailbox() {
        rig = new DovecotRig(dir);
        rig.dovecot.seed("INBOX", SampleMessages.numbered(1, 500), SampleMessages.numbered(2, 500),
                SampleMessages.numbered(3, 500));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private CliRun run(String... args) {
        return rig.runAt(clock, args);
    }

    private CliRun fetchedAtT0() {
        CliRun fetch = run("fetch");
        assertEquals(0, fetch.code(), fetch.toString());
        return fetch;
    }

    /** The status line's performance data, each item checked against the guidelines' syntax. */
    private static Map<String, String> perfdata(CliRun check) {
        String first = check.out().lines().findFirst().orElseThrow();
        int bar = first.indexOf(" | ");
        assertTrue(bar > 0, "a status line with performance data: " + first);
        Map<String, String> items = new HashMap<>();
        for (String item : first.substring(bar + 3).split(" ")) {
            assertTrue(PERFDATA.matcher(item).matches(), "perfdata item " + item);
            items.put(item.substring(1, item.indexOf("'=")), item.substring(item.indexOf("'=") + 2));
        }
        assertEquals(1, first.chars().filter(c -> c == '|').count(), "one '|' only: " + first);
        return items;
    }

    @Test
    void okAfterARecentSuccessWithValidPerfdataAndALinePerMailbox() {
        fetchedAtT0();
        clock.advance(Duration.ofMinutes(5));

        CliRun check = run("check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().startsWith("HELPDESK OK - support: last success 5m ago | "), check.out());
        Map<String, String> perf = perfdata(check);
        assertEquals("300s;;1800;0;", perf.get("support_last_success_age"));
        assertEquals("3;;;0;", perf.get("support_stored"));
        assertEquals("0;0;;0;", perf.get("support_quarantined_new"));
        assertEquals("0.000s;;;0;", perf.get("support_last_run_duration"));
        assertTrue(perf.get("support_last_run_bytes").matches("\\d+B;;;0;"), perf.toString());
        assertEquals("support: OK, last success 5m ago, last run ok 5m ago, 3 stored, 0 quarantined, 0 set aside,"
                + " 0 actions pending, lock free", check.out().lines().skip(1).findFirst().orElseThrow());
        assertEquals("", check.err());
    }

    @Test
    void criticalWhenTheLastSuccessIsOlderThanMaxAge() {
        fetchedAtT0();
        clock.advance(Duration.ofMinutes(125));

        CliRun check = run("check");
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.out().startsWith("HELPDESK CRITICAL - support: no successful run for 2h 5m | "),
                check.out());
        assertEquals("7500s;;1800;0;", perfdata(check).get("support_last_success_age"));

        CliRun lenient = run("check", "--max-age", "3h");
        assertEquals(0, lenient.code(), lenient.toString());
        assertEquals("7500s;;10800;0;", perfdata(lenient).get("support_last_success_age"));

        rig.env().put(DovecotRig.PASSWORD_ENV, "wrong");
        assertEquals(69, run("fetch").code());
        CliRun failing = run("check");
        assertTrue(failing.out().startsWith("HELPDESK CRITICAL - support: no successful run for 2h 5m (last run"
                + " unreachable) | "), failing.out());
        assertTrue(failing.out().contains("; last error: IMAP login as support@example.com"), failing.out());
    }

    @Test
    void warnsOnceAboutInputQuarantinedSinceTheLastCheck() {
        fetchedAtT0();
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, run("check").code());

        clock.advance(Duration.ofMinutes(1));
        rig.dovecot.seed("INBOX", "This is no mail at all, only a line of text.\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(65, run("fetch").code());
        clock.advance(Duration.ofMinutes(1));

        CliRun warning = run("check");
        assertEquals(1, warning.code(), warning.toString());
        assertTrue(warning.out().startsWith("HELPDESK WARNING - support: 1 quarantined since the last check (see"
                + " `helpdesk quarantine list`) | "), warning.out());
        assertEquals("1;0;;0;", perfdata(warning).get("support_quarantined_new"));
        assertEquals("1;;;0;", perfdata(warning).get("support_quarantined"));

        clock.advance(Duration.ofMinutes(1));
        CliRun next = run("check");
        assertEquals(0, next.code(), "told once, in the check after it came: " + next);
        assertEquals("1;;;0;", perfdata(next).get("support_quarantined"), "the total stays in the perfdata");
    }

    @Test
    void criticalWhenTheLastRunNeedsALogin() {
        fetchedAtT0();
        clock.advance(Duration.ofMinutes(5));
        try (Store store = openStore()) {
            store.inTransaction(tx -> {
                // What an OAuth mailbox's run writes when Microsoft refused its refresh token.
                tx.runs().add(new RunTable.Run("support", clock.instant(), clock.instant(), "login-required", 0, 0, 0,
                        0, 0, 0, 0, 0, 0, Optional.of("login required for mailbox support"), 1, "test-host"));
                return null;
            });
        }
        CliRun check = run("check");
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.out().startsWith("HELPDESK CRITICAL - support: login required: run `helpdesk auth login"
                + " --mailbox support` | "), check.out());
    }

    @Test
    void criticalForAStaleLockAndForAnExpiredOne() throws Exception {
        fetchedAtT0();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessIdentity self = ProcessIdentity.current("test-host", "helpdesk fetch");
        ProcessIdentity dead = new ProcessIdentity(gone.pid(), self.hostIdentity(), OptionalLong.of(1),
                Optional.empty(), "helpdesk fetch");
        try (Store store = openStore()) {
            new Locks(store, clock, new SystemProcesses(), dead).acquire("fetch:support", Duration.ofMinutes(10));
        }
        CliRun stale = run("check");
        assertEquals(2, stale.code(), stale.toString());
        assertTrue(stale.out().startsWith("HELPDESK CRITICAL - support: lock fetch:support is stale (its process is"
                + " gone): run `helpdesk lock release fetch:support` | "), stale.out());
        assertEquals(0, run("lock", "release", "fetch:support").code());

        try (Store store = openStore()) {
            new Locks(store, clock, new SystemProcesses(), self).acquire("fetch:support", Duration.ofMinutes(10));
        }
        clock.advance(Duration.ofMinutes(11));
        CliRun expired = run("check");
        assertEquals(2, expired.code(), expired.toString());
        assertTrue(expired.out().startsWith("HELPDESK CRITICAL - support: lock fetch:support expired: run `helpdesk"
                + " lock show` | "), expired.out());
        assertTrue(expired.out().contains("lock expired"), expired.out());
    }

    @Test
    void criticalWhenTheServerRefusedQueuedActions() {
        rig.config("", "\"afterFetch\": \"move:Archive\",");
        rig.proxy.everyConnection().refuseCommand("UID MOVE", "[OVERQUOTA] Quota exceeded (mailbox for user is full)");
        assertEquals(76, run("fetch").code());

        CliRun check = run("check");
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.out().contains("3 queued server actions refused by the server (see `helpdesk status`)"),
                check.out());
        assertEquals("3;;0;0;", perfdata(check).get("support_actions_refused"));
    }

    @Test
    void unknownWithoutConfigDatabaseOrWithABadOption() throws Exception {
        CliRun noDatabase = run("check");
        assertEquals(3, noDatabase.code(), noDatabase.toString());
        assertTrue(noDatabase.out().startsWith("HELPDESK UNKNOWN - there is no database at "), noDatabase.out());
        assertFalse(Files.exists(new DataDir(rig.dataDir()).database()), "check creates no database");

        CliRun noConfig = CliRun.run(Map.of("HOME", dir.toString()), clock, "--config",
                dir.resolve("missing.json").toString(), "check");
        assertEquals(3, noConfig.code(), noConfig.toString());
        assertTrue(noConfig.out().startsWith("HELPDESK UNKNOWN - ") && noConfig.out().contains("missing.json"),
                noConfig.out());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{ \"mailboxes\": [ { \"name\": 7 } ] }\n");
        CliRun invalid = CliRun.run(Map.of("HOME", dir.toString()), clock, "--config", broken.toString(), "check");
        assertEquals(3, invalid.code(), invalid.toString());
        assertTrue(invalid.out().startsWith("HELPDESK UNKNOWN - ") && invalid.out().contains("mailboxes[0].name"),
                invalid.out());

        fetchedAtT0();
        for (List<String> bad : List.of(List.of("check", "--max-age", "soon"), List.of("check", "--bogus"),
                List.of("check", "--mailbox", "sales"))) {
            CliRun run = run(bad.toArray(String[]::new));
            assertEquals(3, run.code(), bad + ": " + run);
            assertTrue(run.out().startsWith("HELPDESK UNKNOWN - "), bad + ": " + run);
        }
    }

    @Test
    void metricsParseBackLineByLine() {
        fetchedAtT0();
        clock.advance(Duration.ofMinutes(2));
        CliRun metrics = run("metrics");
        assertEquals(0, metrics.code(), metrics.toString());

        Map<String, Double> samples = parse(metrics.out());
        assertEquals(T0.getEpochSecond(), samples.get("helpdesk_last_success_timestamp_seconds{mailbox=\"support\"}"));
        assertEquals(T0.getEpochSecond(), samples.get("helpdesk_last_run_timestamp_seconds{mailbox=\"support\"}"));
        assertEquals(1.0, samples.get("helpdesk_last_run_outcome{mailbox=\"support\",outcome=\"ok\"}"));
        assertEquals(0.0, samples.get("helpdesk_last_run_outcome{mailbox=\"support\",outcome=\"unreachable\"}"));
        assertEquals(0.0, samples.get("helpdesk_last_run_duration_seconds{mailbox=\"support\"}"));
        assertEquals(3.0, samples.get("helpdesk_messages_stored{mailbox=\"support\"}"));
        assertEquals(0.0, samples.get("helpdesk_messages_quarantined{mailbox=\"support\"}"));
        assertEquals(0.0, samples.get("helpdesk_messages_set_aside{mailbox=\"support\"}"));
        assertEquals(0.0, samples.get("helpdesk_actions_pending{mailbox=\"support\"}"));
        assertEquals(1.0, samples.get("helpdesk_lock_state{mailbox=\"support\",state=\"free\"}"));
        assertEquals(0.0, samples.get("helpdesk_lock_state{mailbox=\"support\",state=\"stale\"}"));
        assertEquals(9 + 5 + 8, samples.size(), "9 outcomes, 5 lock states, 8 single gauges: " + samples.keySet());
    }

    @Test
    void metricsWithoutADatabaseSayNothingRanAndCreateNothing() {
        CliRun metrics = run("metrics");
        assertEquals(0, metrics.code(), metrics.toString());
        Map<String, Double> samples = parse(metrics.out());
        assertEquals(0.0, samples.get("helpdesk_last_success_timestamp_seconds{mailbox=\"support\"}"));
        assertEquals(0.0, samples.get("helpdesk_messages_stored{mailbox=\"support\"}"));
        assertFalse(Files.exists(new DataDir(rig.dataDir()).database()));
    }

    /**
     * The text exposition format line by line: each family's HELP then TYPE before its samples, metric and label
     * names of the allowed characters, label values quoted, a value that parses as a number.
     */
    private static Map<String, Double> parse(String text) {
        Pattern help = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \\S.*");
        Pattern type = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped)");
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\""
                + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*\\})? (\\S+)");
        Map<String, Double> samples = new HashMap<>();
        String helped = null;
        String typed = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = help.matcher(line)).matches()) {
                assertFalse(m.group(1).equals(helped), "one HELP per family: " + line);
                helped = m.group(1);
            } else if ((m = type.matcher(line)).matches()) {
                assertEquals(helped, m.group(1), "TYPE right after its HELP: " + line);
                typed = m.group(1);
            } else {
                m = sample.matcher(line);
                assertTrue(m.matches(), "a sample line: " + line);
                assertEquals(typed, m.group(1), "a sample of the family just declared: " + line);
                assertTrue(samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                        Double.parseDouble(m.group(3))) == null, "each series once: " + line);
            }
        }
        assertTrue(text.endsWith("\n"), "the last line ends with a line feed");
        return samples;
    }

    private Store openStore() {
        return new DataDir(rig.dataDir()).openStore("test");
    }
}
