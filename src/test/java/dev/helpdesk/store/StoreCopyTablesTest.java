package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Postgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy knows every table of the schema: a migration that adds one fails here until CopiedTables says what a
 * copy does with it; a table it does not know stops a copy before anything is written. On real SQLite and
 * PostgreSQL.
 */
@Tag("process")
class StoreCopyTablesTest {
    @TempDir
    Path dir;

    @Test
    void everyTableOfTheSchemaIsCopiedOrLeftOutOnPurposeOnBothEngines() {
        Set<String> known = new TreeSet<>(CopiedTables.IN_ORDER);
        known.addAll(CopiedTables.LEFT_OUT);
        try (Store sqlite = new DataDir(dir).openStore("test"); Store postgres = openPostgres()) {
            assertEquals(known, tables(sqlite));
            assertEquals(known, tables(postgres));
        }
        assertEquals(CopiedTables.IN_ORDER.size(), Set.copyOf(CopiedTables.IN_ORDER).size(), "each table once");
    }

    @Test
    void aTableTheCopyDoesNotKnowStopsItBeforeAnythingIsWritten() {
        try (Store sqlite = new DataDir(dir).openStore("test"); Store postgres = openPostgres()) {
            sqlite.inTransaction(tx -> {
                tx.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
                tx.execute("INSERT INTO notes (body) VALUES ('kept only here')");
                return tx.locks().nextToken("fetch:support");
            });
            StoreException refused = assertThrows(StoreException.class, () -> new StoreCopy(sqlite, postgres)
                    .copy(List.of(), (table, rows, of) -> { }));
            assertTrue(refused.getMessage().contains("has the table notes, which this helpdesk's store copy does"
                    + " not know how to copy; nothing was copied"), refused.getMessage());
            assertEquals(0L, (long) postgres.read(tx -> tx.count("SELECT count(*) FROM lock_fences")));
        }
    }

    @Test
    void idsContinueAboveTheCopiedOnesInEveryTableWithGeneratedIds() {
        try (Store sqlite = new DataDir(dir).openStore("test"); Store postgres = openPostgres()) {
            sqlite.inTransaction(tx -> tx.execute("INSERT INTO runs (id, mailbox, started_at_ms, ended_at_ms,"
                    + " outcome, new_count, duplicates, quarantined, oversized, actions, remaining, pid, host)"
                    + " VALUES (41, 'support', 0, 0, 'ok', 0, 0, 0, 0, 0, 0, 1, 'h')"));
            CopyReport report = new StoreCopy(sqlite, postgres).copy(List.of(new TokenCacheTable.Row("office",
                    Optional.of(new byte[] {1, 2}), Optional.empty(), Instant.EPOCH, "h")), (table, rows, of) -> { });
            assertTrue(report.mismatches().isEmpty(), report.toString());
            assertEquals(new CopyReport.Table("token_caches", 1, 1), report.tables().stream()
                    .filter(t -> t.name().equals("token_caches")).findFirst().orElseThrow());
            long next = postgres.inTransaction(tx -> tx.insert("INSERT INTO runs (mailbox, started_at_ms,"
                    + " ended_at_ms, outcome, new_count, duplicates, quarantined, oversized, actions, remaining, pid,"
                    + " host) VALUES ('support', 0, 0, 'ok', 0, 0, 0, 0, 0, 0, 1, 'h') RETURNING id"));
            assertEquals(42, next);
        }
    }

    private static Set<String> tables(Store store) {
        List<String> tables = store.read(tx -> tx.engine().tables(tx));
        return new TreeSet<>(tables);
    }

    private static Store openPostgres() {
        Postgres.Database database = Postgres.shared().fresh();
        return Store.open(new StoreTarget.Postgres(database.url(), database.user(), database.password(),
                Optional.of("disable"), Optional.empty()), "test");
    }
}
