package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.store.ConversationTable.Conversation;
import dev.helpdesk.testing.StoreEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The listings an admin filters (`conversations list`, `runs`, `skipped list`): each filter given, alone or with
 * the others, picks exactly its rows, newest first, up to the limit; and on SQLite each reads an index in the
 * listing's order.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class ListingsTest {
    private static final int CONVERSATIONS = 60;

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private StoreEngine.TestStore db;

    @BeforeEach
    void fill() {
        db = engine.prepare(dir);
        try (Store store = db.open()) {
            store.inTransaction(tx -> {
                for (int i = 1; i <= CONVERSATIONS; i++) {
                    long number = tx.conversations().open(mailbox(i), "subject " + i, Optional.empty(), at(i));
                    if (i % 3 == 0) {
                        tx.conversations().setStatus(number, "closed", at(i));
                    }
                    tx.runs().add(new RunTable.Run(mailbox(i), at(i), at(i).plusMillis(50), "ok", 1, 0, 0, 0, 0, 0,
                            0, 0, 10, Optional.empty(), 1, "host"));
                }
                return null;
            });
        }
    }

    /** Mailbox "rare" has every tenth row; "support" the rest. */
    private static String mailbox(int i) {
        return i % 10 == 0 ? "rare" : "support";
    }

    private static Instant at(int i) {
        return Instant.ofEpochSecond(1_700_000_000L + i * 60L);
    }

    @Test
    void conversationsOfEachFilterNewestFirstUpToTheLimit() {
        try (Store store = db.open()) {
            for (Optional<String> mailbox : List.of(Optional.<String>empty(), Optional.of("rare"),
                    Optional.of("support"), Optional.of("nobody"))) {
                for (Optional<String> status : List.of(Optional.<String>empty(), Optional.of("open"),
                        Optional.of("closed"))) {
                    List<Long> listed = new ArrayList<>();
                    int count = store.read(tx -> tx.conversations().each(status, mailbox, 5,
                            (Conversation c) -> listed.add(c.number())));
                    Predicate<Long> wanted = n -> mailbox.map(m -> m.equals(mailbox(n.intValue()))).orElse(true)
                            && status.map(s -> s.equals(n % 3 == 0 ? "closed" : "open")).orElse(true);
                    List<Long> expected = LongStream.iterate(CONVERSATIONS, n -> n > 0, n -> n - 1).boxed()
                            .filter(wanted).limit(5).toList();
                    assertEquals(expected, listed, "mailbox " + mailbox + ", status " + status);
                    assertEquals(expected.size(), count);
                }
            }
        }
    }

    @Test
    void runsOfAMailboxOrAllSinceATimeNewestFirst() {
        try (Store store = db.open()) {
            assertEquals(List.of(60, 50, 40), started(store, Optional.of("rare"), Optional.empty(), 3));
            assertEquals(List.of(60, 50), started(store, Optional.of("rare"), Optional.of(at(45)), 10));
            assertEquals(List.of(60, 59, 58), started(store, Optional.empty(), Optional.empty(), 3));
            assertEquals(List.of(60, 59), started(store, Optional.empty(), Optional.of(at(59)), 10));
            assertEquals(List.of(), started(store, Optional.of("nobody"), Optional.empty(), 10));
        }
    }

    private static List<Integer> started(Store store, Optional<String> mailbox, Optional<Instant> since, int limit) {
        return store.read(tx -> tx.runs().history(mailbox, since, limit)).stream()
                .map(run -> (int) ((run.startedAt().getEpochSecond() - 1_700_000_000L) / 60)).toList();
    }

    /**
     * `runs --mailbox X` searches runs_by_mailbox from the newest of X's runs; conversations, filtered or not, are
     * read newest first through conversations_by_activity, so LIMIT ends the read (no sort of all of them). A
     * (mailbox, updated_at_ms) index for conversations was measured and left out: at 100,000 conversations it
     * saved 37 ms of a rare listing, and every message drained paid for it.
     */
    @Test
    void listingsReadTheirIndexInOrder() throws Exception {
        // PostgreSQL plans by statistics: over these few rows a full read is its right choice.
        assumeTrue(!db.isPostgres(), "SQLite only");
        List<String> listings = new ArrayList<>();
        try (Store store = db.open()) {
            store.read(tx -> tx.conversations().each(Optional.empty(), Optional.empty(), 5, c -> { }));
            store.read(tx -> tx.conversations().each(Optional.of("open"), Optional.of("rare"), 5, c -> { }));
            store.read(tx -> tx.runs().history(Optional.of("rare"), Optional.of(at(1)), 5));
            store.preparedSql().stream().filter(sql -> sql.contains(" ORDER BY ")).forEach(listings::add);
        }
        assertEquals(3, listings.size(), listings.toString());
        try (Connection raw = db.connect()) {
            for (String sql : listings) {
                String plan = String.join("\n", SqlitePlans.plan(raw, sql));
                String expected = sql.contains("FROM runs")
                        ? "(?s).*SEARCH runs USING INDEX runs_by_mailbox \\(mailbox=\\? AND started_at_ms>\\?\\).*"
                        : "(?s).*SCAN c USING INDEX conversations_by_activity.*";
                assertTrue(plan.matches(expected) && !plan.contains("TEMP B-TREE"), sql + "\n" + plan);
            }
        }
    }
}
