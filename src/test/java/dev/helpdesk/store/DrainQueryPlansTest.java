package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.fetch.QuarantineRetry;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.SupportMailbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.helpdesk.testing.StoreEngine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every statement a mail drain runs, on SQLite and on PostgreSQL, finds its rows through an index: none reads a
 * whole table that grows with the store, nor every row of one mailbox. Results cannot show a bad plan, and a store
 * of a few messages hides its cost: {@code WHERE mailbox = ? AND (sha256 = ? OR message_id = ?)} made SQLite read
 * all of a mailbox's messages for each message drained (13 times slower), and no test noticed. Its plan said
 * {@code SEARCH messages USING INDEX messages_by_message_id (mailbox=?)}, not SCAN, so a search by mailbox or
 * folder alone fails here as a scan does ({@link SqlitePlans}, {@link PostgresPlans}).
 *
 * <p>The drain is a real one: {@link DrainPaths} wires the fetch as the CLI does, from {@link FetchHarness}'s
 * GreenMail, onto a {@link Store} this test opened, so {@link Store#preparedSql()} is what that drain prepared:
 * two runs (the second meets mail stored by the first), then the rare paths, a refused after-fetch action,
 * `skipped fetch`, `quarantine retry` and a changed UIDVALIDITY. Each text is then explained, unbound, on a plain
 * connection to the same store.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class DrainQueryPlansTest {
    /** Tables of a row per mailbox, folder or lock name however much mail there is; every other one grows. */
    private static final Set<String> SMALL = Set.of("meta", "locks", "lock_fences", "folder_state", "check_marks",
            "token_caches");
    /** Statements (by how they start) that may read a growing table whole or by slice, and why. */
    private static final Map<String, String> ALLOWED = Map.of(
            "SELECT started_at_ms FROM runs WHERE mailbox = ? ORDER BY started_at_ms DESC LIMIT 1",
            "runs_by_mailbox (mailbox, started_at_ms) gives the newest first, so LIMIT 1 reads one entry",
            "SELECT 1 FROM refusals WHERE mailbox = ? AND folder = ? AND uidvalidity = ? LIMIT 1",
            "whether the folder has any refusal: LIMIT 1 stops at the first entry",
            "SELECT id, folder, uidvalidity, uid, action, attempts, last_error FROM pending_actions WHERE mailbox = ?"
                    + " AND folder = ? ORDER BY id",
            "the folder's actions not yet applied, all wanted: applied ones are deleted, so they are a chunk's",
            "SELECT id, mailbox, folder, uidvalidity, uid, size, reason, detail, over_limit, headers, requested,"
                    + " set_aside_at_ms FROM set_aside WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND",
            "once a folder and run, the set-aside messages that now fit: only mail over the size limit is there",
            "DELETE FROM set_aside WHERE mailbox = ? AND folder = ? AND uidvalidity <> ?",
            "once per UIDVALIDITY change, and every row it reads it deletes: mail of the old UIDVALIDITY",
            "INSERT INTO blobs (sha256, size, id) VALUES (?, ?, (SELECT coalesce(max(id), 0) + 1 FROM blobs))",
            "the next blob number: max(id) reads the last entry of blobs_by_id (SQLite's plan names the index only)",
            "INSERT INTO blobs (sha256, size, id) VALUES (NULL, ?, (SELECT coalesce(max(id), 0) + 1 FROM blobs))",
            "the next number for a message's raw bytes, read the same way");
    /** Messages a PostgreSQL store is filled with before its plans are read (see {@link #fill}). */
    private static final int FILL = 500;
    /** The limits of every drain here: the big message is set aside, until `skipped fetch` asks for it. */
    private static final String LIMITS = "\"limits\": { \"maxMessageSize\": \"100KB\" },";
    /**
     * A statement (by how it starts) that only one rare path prepares here, for each path: one missing means that
     * path no longer ran, and its statements went unchecked.
     */
    private static final Map<String, String> RARE_PATHS = Map.of(
            "UPDATE pending_actions SET attempts = attempts + 1", "a refused after-fetch action, queued with why",
            "DELETE FROM set_aside WHERE id = ?", "skipped fetch: the set-aside message stored at last",
            "UPDATE quarantine SET attempts = attempts + 1", "quarantine retry of input that still is not mail",
            "UPDATE ledger SET outcome = ?, message_ref = ? WHERE outcome = 'quarantined'",
            "quarantine retry of input that is mail now",
            "SELECT id, message_id, size FROM messages WHERE mailbox = ? AND message_id IN (",
            "UIDVALIDITY recovery: stored messages recognised by Message-ID");

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    @Test
    void everyStatementOfADrainFindsItsRowsThroughAnIndex() throws Exception {
        Set<String> prepared;
        try (FetchHarness harness = new FetchHarness(dir, engine)) {
            harness.writeConfig(LIMITS, "");
            try (Store store = harness.openStore()) {
                DrainPaths paths = new DrainPaths(harness, store);
                drainTwice(harness, paths);
                takeTheRarePaths(harness, paths);
                prepared = store.preparedSql();
                if (harness.store().isPostgres()) {
                    fill(harness, paths);
                }
            }
            Set<String> growing = growingTables(harness);
            assertChecksSomething(prepared, growing);
            try (Connection db = harness.store().connect()) {
                QueryPlans plans = harness.store().isPostgres() ? new PostgresPlans(db, growing)
                        : new SqlitePlans(db, growing);
                List<String> failures = new ArrayList<>();
                for (String sql : new TreeSet<>(prepared)) {
                    if (ALLOWED.keySet().stream().noneMatch(sql::startsWith)) {
                        plans.problem(sql).ifPresent(failures::add);
                    }
                }
                assertEquals("", String.join("\n\n", failures), failures.size() + " of " + prepared.size()
                        + " statements a drain ran read a growing table without an index");
            }
        }
    }

    /**
     * PostgreSQL plans by its statistics: over a few dozen rows any index, or none, is as cheap as the right one,
     * and an empty table is read whole first. Hundreds of messages more, their mark-seen refused so that the queue
     * of actions is as long as it gets when a server keeps refusing, then analysed, make it choose as it would for
     * a real helpdesk's store.
     */
    private static void fill(FetchHarness harness, DrainPaths paths) throws Exception {
        harness.writeConfig(LIMITS, "");
        SupportMailbox.messages(11, FILL).forEach(paths::deliver);
        MailboxReport filled = paths.fetchRefusingTheAction();
        assertTrue(filled.outcome() == Outcome.ACTION_REFUSED && filled.counts().newMessages() == FILL,
                filled.toString());
        try (Connection db = harness.store().connect(); Statement analyze = db.createStatement()) {
            analyze.execute("ANALYZE");
        }
    }

    /** A first drain of every kind of mail, then a second one that meets what the first stored. */
    private static void drainTwice(FetchHarness harness, DrainPaths paths) {
        List<byte[]> mail = SupportMailbox.messages(7, 40); // threads, HTML, attachments, RFC 2047
        mail.subList(0, 30).forEach(paths::deliver);
        paths.deliver(mail.get(3)); // the same bytes again: a duplicate
        paths.deliver(message("<1.support@bench.example.org>", "Reused", "", "Not the first mail at all"));
        paths.deliver(message("<big@example.org>", "Big", "", ("x".repeat(70) + "\r\n").repeat(2_200)));
        paths.deliver("no header section\r\n\r\n\u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1));
        harness.server().seedScenario(); // our reply, an auto-reply, an attachment, a non-ASCII subject
        MailboxReport first = paths.fetch();
        assertTrue(first.outcome() == Outcome.QUARANTINED && first.counts().newMessages() == 37
                && first.counts().duplicates() == 1 && first.counts().setAside() == 1, first.toString());
        mail.subList(30, 40).forEach(paths::deliver); // replies to stored conversations
        paths.deliver(mail.get(5));
        paths.deliver(message("<late@example.org>", "Late", "In-Reply-To: <2.support@bench.example.org>\r\n",
                "A late reply"));
        long reused = harness.count("SELECT conversation_id FROM messages WHERE subject = 'Reused'");
        paths.deliver(message("<marked@example.org>", "Re: [#" + reused + "] Reused", "", "By marker"));
        MailboxReport second = paths.fetch();
        assertTrue(second.outcome() == Outcome.OK && second.counts().newMessages() == 12
                && second.counts().duplicates() == 1, second.toString());
    }

    /**
     * What a plain drain never does, each checked to have done its work: a refused after-fetch action, `skipped
     * fetch` of the big message set aside, `quarantine retry`, and a folder drained again after its UIDVALIDITY
     * changed. Rare, but each statement of theirs reads the same growing tables.
     */
    private static void takeTheRarePaths(FetchHarness harness, DrainPaths paths) throws InterruptedException {
        paths.deliver(message("<refused@example.org>", "Refused", "", "Its mark-seen is refused"));
        MailboxReport refused = paths.fetchRefusingTheAction();
        assertTrue(refused.outcome() == Outcome.ACTION_REFUSED && refused.counts().newMessages() == 1,
                refused.toString());
        MailboxReport setAside = paths.fetchSetAside(); // and the refused mark-seen, the server willing now
        assertTrue(setAside.outcome() == Outcome.OK && setAside.counts().newMessages() == 1
                && setAside.counts().actionsApplied() == 2, setAside.toString());
        List<QuarantineRetry.Attempt> retried = paths.retryQuarantine(message("<older@example.org>", "Older", "",
                "An older parser failed on it"));
        assertEquals(List.of(false, true), retried.stream().map(QuarantineRetry.Attempt::stored).toList(),
                retried.toString());
        harness.writeConfig(LIMITS, "\"folders\": [\"Support\"],");
        long before = paths.refillFolder("Support");
        MailboxReport support = paths.fetch();
        assertTrue(support.outcome() == Outcome.OK && support.counts().duplicates() == 52
                && support.counts().setAside() == 1, support.toString()); // the big one, over the limit again
        assertNotEquals(before, paths.refillFolder("Support"), "the folder really got a new UIDVALIDITY");
        MailboxReport recovered = paths.fetch();
        assertTrue(recovered.outcome() == Outcome.OK && recovered.counts().recovered() == 53
                && recovered.counts().newMessages() == 0, recovered.toString());
    }

    /**
     * The drain reached every growing table, every allowed statement and every rare path, and nothing was evicted
     * unchecked.
     */
    private static void assertChecksSomething(Set<String> prepared, Set<String> growing) {
        assertTrue(prepared.size() >= 15 && prepared.size() < Statements.MAX, prepared.size() + " statements");
        assertEquals(List.of(), growing.stream().filter(table -> prepared.stream().noneMatch(
                sql -> sql.matches("(?s).*\\b" + table + "\\b.*"))).toList(), "growing tables no statement names");
        assertEquals(List.of(), ALLOWED.keySet().stream().filter(start -> prepared.stream().noneMatch(
                sql -> sql.startsWith(start))).toList(), "allowed statements the drain no longer runs");
        assertEquals(List.of(), RARE_PATHS.entrySet().stream().filter(path -> prepared.stream().noneMatch(
                sql -> sql.startsWith(path.getKey()))).map(Map.Entry::getValue).toList(), "rare paths not taken");
    }

    /** Every table but the small ones, as the store lists them. */
    private static Set<String> growingTables(FetchHarness harness) {
        try (Store store = harness.openStore()) {
            List<String> all = store.read(tx -> tx.engine().tables(tx));
            Set<String> tables = new TreeSet<>(all);
            tables.removeAll(SMALL);
            return tables;
        }
    }

    private static byte[] message(String messageId, String subject, String headers, String body) {
        return ("From: Dana <dana@example.net>\r\nTo: support@example.com\r\nSubject: " + subject + "\r\n"
                + "Date: Tue, 3 Nov 2026 09:00:00 +0000\r\nMessage-ID: " + messageId + "\r\n" + headers
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
