package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.Fetches;
import dev.helpdesk.testing.StoreTables;
import dev.helpdesk.testing.SupportMailbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparing a chunk's messages on helper threads changes nothing that is stored: the same mail, served byte-exact
 * by a real Dovecot (the public corpora of {@link PublicCorpusTest} and a realistic support mailbox), drained by
 * the draining thread alone and then with three helpers into fresh stores, gives the same tables row by row.
 * Shared mutable state in parsing, hashing, classifying, rendering or quote cutting shows here as a stored
 * difference or a failed drain; a race is a matter of luck, so the drain with helpers is repeated. Injected for a
 * trial on two cores, each changed drains of the eight: a buffer shared by every RFC 2047 decode (subjects and
 * names, 6 or 7), one MailDateFormat shared by every lenient Date (a date, 2 to 4), one Matcher shared by the quote
 * cutter (a reply's new text, 4, one of them failing). Hunt a rarer race with {@code -Dprepared.drains=50}. About
 * 11 seconds, hence "slow".
 */
@Tag("slow")
@Timeout(180)
class PreparedInParallelTest {
    /** Small chunks: many of them, each keeping the draining thread and its helpers busy at once. */
    private static final int CHUNK = 16;
    private static final int HELPERS = 3;
    private static final int SUPPORT_MESSAGES = 1_000;
    private static final int HELPED_DRAINS = Integer.getInteger("prepared.drains", 8);
    private static final String HELPER_THREAD = "helpdesk-prepare-support-";
    /** Separates a row's columns in a dump ({@code char(31)} in SQL): no mail here holds it. */
    private static final char SEPARATOR = '\u001f';

    @TempDir
    static Path dir;

    private static DovecotRig rig;
    private static Drain alone;
    private static final List<Drain> helped = new ArrayList<>();

    /** One drain: how it ended, how many messages were about to be prepared and on which threads, its tables. */
    record Drain(String name, MailboxReport report, int prepared, Set<String> threads,
            Map<String, List<String>> tables) {
        int rows(String table) {
            return tables.get(table).size();
        }
    }

    @BeforeAll
    static void drainTheSameMailAgainAndAgain() throws Exception {
        rig = new DovecotRig(dir);
        // No after-fetch action: every drain finds the mail exactly as the first did. Attachments over 32 KB are
        // recorded without their bytes and messages over 84 KB set aside (a few of each), so those rows compare too.
        rig.config("\"limits\": { \"maxMessages\": 100000, \"maxBytes\": \"1GB\", \"maxMessageSize\": \"84KB\","
                + " \"maxAttachmentSize\": \"32KB\" },", "\"afterFetch\": \"none\",");
        List<byte[]> mail = new ArrayList<>(SupportMailbox.messages(7, SUPPORT_MESSAGES));
        for (PublicCorpusTest.Sample sample : PublicCorpusTest.samples()) {
            mail.add(sample.raw());
        }
        rig.dovecot.seed("INBOX", mail.toArray(byte[][]::new));
        alone = drain("helpers=0", 0);
        for (int i = 1; i <= HELPED_DRAINS; i++) {
            helped.add(drain("helpers=" + HELPERS + " (drain " + i + " of " + HELPED_DRAINS + ")", HELPERS));
        }
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void everyDrainEndsAsTheDrainingThreadAloneEndedIt() {
        assertTrue(alone.report().outcome() == Outcome.QUARANTINED && alone.report().counts().remaining() == 0,
                "the inputs without a header section are quarantined, all else is drained: " + alone.report());
        for (Drain drain : helped) {
            assertEquals(List.of(alone.report().outcome(), alone.report().counts(), alone.report().error()),
                    List.of(drain.report().outcome(), drain.report().counts(), drain.report().error()),
                    drain.name() + " ended otherwise than helpers=0: " + drain.report());
        }
    }

    @Test
    void helpersPreparedBesideTheDrainingThreadAndOnlyWhenAsked() {
        assertTrue(alone.threads().stream().noneMatch(name -> name.startsWith(HELPER_THREAD)),
                "with helpers=0 only the draining thread prepares: " + alone.threads());
        for (Drain drain : helped) {
            assertTrue(drain.threads().stream().anyMatch(name -> name.startsWith(HELPER_THREAD)),
                    drain.name() + ": helpers prepared messages: " + drain.threads());
            assertEquals(alone.prepared(), drain.prepared(), drain.name() + " prepared as many messages");
        }
    }

    @Test
    void theDrainsStoredALotOfMailAndSomeOfEveryKind() {
        String counts = alone.tables().keySet().stream().map(t -> t + "=" + alone.rows(t)).toList().toString();
        assertTrue(alone.rows("messages") > 1_000 && alone.rows("conversations") > 300, counts);
        assertTrue(alone.rows("attachments") > 50 && alone.rows("message_html") > 300, counts);
        assertTrue(alone.rows("quarantine") > 0 && alone.rows("set_aside") > 0, counts);
        assertTrue(alone.tables().get("attachments").stream().anyMatch(row -> !row.endsWith("NULL")),
                "an attachment was recorded without its bytes");
        assertTrue(alone.tables().get("ledger").stream().anyMatch(row -> row.contains("'duplicate'")),
                "a true copy was taken for one");
    }

    @Test
    void everyDrainWithHelpersStoredWhatTheDrainingThreadAloneStored() {
        List<String> differences = new ArrayList<>();
        for (Drain drain : helped) {
            alone.tables().forEach((table, rows) -> {
                String difference = firstDifference(table, rows, drain.tables().get(table));
                if (difference != null) {
                    differences.add(drain.name() + ": " + difference);
                }
            });
        }
        assertTrue(differences.isEmpty(), () -> "helpers=0 and helpers=" + HELPERS + " stored different rows:\n"
                + String.join("\n", differences));
    }

    /** Drains everything with {@code helpers} helper threads into a fresh data directory of its own. */
    private static Drain drain(String name, int helpers) {
        Config loaded = new ConfigLoader(rig.env()).load(rig.configFile());
        Path dataDir = dir.resolve("data-" + name.replaceAll("[^a-z0-9]+", "-"));
        Config config = new Config(loaded.source(), dataDir, loaded.lockTtl(), loaded.limits(), loaded.mailboxes(),
                loaded.runRetention(), loaded.postgres(), loaded.tokenKey());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger prepared = new AtomicInteger();
        Checkpoints recording = point -> {
            if (point == Checkpoint.PREPARING) {
                threads.add(Thread.currentThread().getName());
                prepared.incrementAndGet();
            }
        };
        ProcessIdentity self = ProcessIdentity.current("test-host", "t");
        Clock clock = Clock.systemUTC();
        MailboxReport report;
        try (Store store = new DataDir(dataDir).openStore("test")) {
            Fetch fetch = Fetches.of(config, store, new Locks(store, clock, new SystemProcesses(), self),
                    new PasswordCredentials(new SecretReader(rig.env())), self, clock, recording,
                    new Tuning(CHUNK, Long.MAX_VALUE, helpers));
            report = fetch.run(config.mailboxes()).get(0);
        }
        StoreTables tables = StoreTables.sqlite(new DataDir(dataDir).database());
        Map<String, List<String>> dumps = new LinkedHashMap<>();
        for (Dump dump : DUMPS) {
            dumps.put(dump.table(), tables.column(dump.sql()));
        }
        System.out.println("PreparedInParallelTest: " + name + ": " + report.outcome() + " in " + report.took()
                + ", " + prepared.get() + " prepared on " + threads.size() + " threads, " + dumps.get("messages").size()
                + " messages");
        return new Drain(name, report, prepared.get(), Set.copyOf(threads), dumps);
    }

    /**
     * What one table holds, without what depends on the time or on row ids: each row one string of its quoted
     * columns, rows in an order of their content (a conversation is known by its first message).
     */
    record Dump(String table, String from, String orderBy, List<String> columns) {
        String sql() {
            return "SELECT " + String.join(" || char(31) || ", columns.stream().map(c -> "quote(" + c + ")").toList())
                    + " FROM " + from + " ORDER BY " + orderBy;
        }
    }

    /** The conversation whose row id is {@code id}, named by its first message (Message-ID and hash). */
    private static String conversation(String id) {
        return "(SELECT coalesce(f.message_id, '') || ' ' || f.sha256 FROM messages f WHERE f.conversation_id = " + id
                + " ORDER BY f.id LIMIT 1)";
    }

    /** What a ledger row's message_ref points at, by content: a message, a quarantined input or a set-aside UID. */
    private static final String LEDGER_REF = "CASE l.outcome"
            + " WHEN 'quarantined' THEN (SELECT 'quarantine ' || q.sha256 FROM quarantine q WHERE q.id = l.message_ref)"
            + " WHEN 'set-aside' THEN (SELECT 'set-aside ' || s.uid FROM set_aside s WHERE s.id = l.message_ref)"
            + " ELSE (SELECT 'message ' || m.sha256 FROM messages m WHERE m.id = l.message_ref) END";

    private static final List<Dump> DUMPS = List.of(
            new Dump("messages", "messages m", "m.sha256, m.message_id, m.id", List.of("m.sha256", "m.mailbox",
                    "m.folder", "m.message_id", "m.synthetic_id", "m.content_sha256", "m.kind", "m.list_id",
                    "m.from_email", "m.from_name", "m.to_list", "m.cc_list", "m.reply_to_list", "m.subject",
                    "m.date_ms", "m.in_reply_to", "m.references_list", "m.text_body", "m.new_text", "m.notes",
                    "m.size", conversation("m.conversation_id"))),
            new Dump("attachments", "attachments a JOIN messages m ON m.id = a.message_id", "m.sha256, m.id, a.id",
                    List.of("m.sha256", "a.name", "a.content_type", "a.size", "a.content_id", "a.inline", "a.sha256",
                            "a.omitted")),
            new Dump("message_html", "message_html h JOIN messages m ON m.id = h.message_id", "m.sha256, m.id",
                    List.of("m.sha256", "h.html")),
            new Dump("blobs", "blobs b", "b.sha256", List.of("b.sha256", "b.size",
                    "(SELECT count(*) || ' chunks, ' || sum(length(c.data)) || ' bytes' FROM blob_chunks c"
                            + " WHERE c.blob_id = b.id)")),
            new Dump("conversations", "conversations c LEFT JOIN customers k ON k.id = c.customer_id",
                    conversation("c.id") + ", c.id", List.of(conversation("c.id"), "c.mailbox", "c.subject",
                            "c.status", "k.email", "k.name", "c.message_count")),
            new Dump("participants", "participants p", conversation("p.conversation_id") + ", p.email",
                    List.of(conversation("p.conversation_id"), "p.email")),
            new Dump("customers", "customers k", "k.email", List.of("k.email", "k.name")),
            new Dump("ledger", "ledger l", "l.folder, l.uid", List.of("l.folder", "l.uid", "l.uidvalidity",
                    "l.message_id", "l.sha256", "l.size", "l.outcome", LEDGER_REF)),
            new Dump("quarantine", "quarantine q", "q.folder, q.uid", List.of("q.folder", "q.uid", "q.sha256",
                    "q.size", "q.error", "q.attempts")),
            new Dump("set_aside", "set_aside s", "s.folder, s.uid", List.of("s.folder", "s.uid", "s.uidvalidity",
                    "s.size", "s.reason", "s.detail", "s.over_limit", "s.headers", "s.requested")),
            new Dump("folder_state", "folder_state f", "f.folder", List.of("f.folder", "f.uidvalidity", "f.last_uid",
                    "f.recovered_to")),
            new Dump("pending_actions", "pending_actions p", "p.folder, p.uid", List.of("p.folder", "p.uid",
                    "p.action")),
            new Dump("refusals", "refusals r", "r.folder, r.uid", List.of("r.folder", "r.uid", "r.runs", "r.detail")));

    /** Null when both dumps of {@code table} are equal; else its first differing row, column by column. */
    private static String firstDifference(String table, List<String> first, List<String> second) {
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            String a = i < first.size() ? first.get(i) : null;
            String b = i < second.size() ? second.get(i) : null;
            if (a != null && a.equals(b)) {
                continue;
            }
            StringBuilder out = new StringBuilder(table + " (" + first.size() + " and " + second.size()
                    + " rows), first difference at row " + (i + 1) + ":");
            if (a == null || b == null) {
                return out.append("\n  only with ").append(a == null ? "helpers=" + HELPERS : "helpers=0")
                        .append(": ").append(cut(a == null ? b : a, 0)).toString();
            }
            List<String> columns = DUMPS.stream().filter(d -> d.table().equals(table)).findFirst().orElseThrow()
                    .columns();
            String[] x = a.split(String.valueOf(SEPARATOR), -1);
            String[] y = b.split(String.valueOf(SEPARATOR), -1);
            out.append("\n  row: ").append(cut(x[0], 0));
            for (int c = 0; c < Math.max(x.length, y.length); c++) {
                String u = c < x.length ? x[c] : "";
                String v = c < y.length ? y[c] : "";
                if (!u.equals(v)) {
                    int at = 0;
                    while (at < Math.min(u.length(), v.length()) && u.charAt(at) == v.charAt(at)) {
                        at++;
                    }
                    String column = c < columns.size() ? columns.get(c) : "column " + (c + 1);
                    out.append("\n  ").append(column).append(" differs at character ").append(at)
                            .append("\n    helpers=0: ").append(cut(u, at))
                            .append("\n    helpers=").append(HELPERS).append(": ").append(cut(v, at));
                }
            }
            return out.toString();
        }
        return null;
    }

    /** Up to 300 characters of {@code text} from a little before {@code at}, on one line. */
    private static String cut(String text, int at) {
        int from = Math.max(0, at - 100);
        int to = Math.min(text.length(), from + 300);
        return (from > 0 ? "…" : "") + text.substring(from, to).replace("\r", "\\r").replace("\n", "\\n")
                .replace(SEPARATOR, '|') + (to < text.length() ? "…" : "");
    }
}
