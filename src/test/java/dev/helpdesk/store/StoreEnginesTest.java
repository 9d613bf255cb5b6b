package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.testing.MutableClock;
import dev.helpdesk.testing.StoreEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What the store promises on either engine: migrations, refusals, atomicity, readers that never wait, clocks. */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreEnginesTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private StoreEngine.TestStore db;

    @BeforeEach
    void prepare() {
        db = engine.prepare(dir);
    }

    @Test
    void migratesFromEmptyAndReopensWithoutApplyingAnythingTwice() {
        try (Store store = db.open()) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            store.inTransaction(tx -> tx.locks().nextToken("x"));
        }
        try (Store store = db.open()) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(2L, (long) store.inTransaction(tx -> tx.locks().nextToken("x")));
        }
    }

    @Test
    void refusesADatabaseWrittenByANewerHelpdesk() throws Exception {
        db.open().close();
        try (Connection raw = db.connect(); Statement statement = raw.createStatement()) {
            statement.execute(db.isPostgres() ? "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
                    : "PRAGMA user_version = 99");
            statement.execute("UPDATE meta SET value = '7.3.0' WHERE key = 'app_version'");
        }
        var refused = assertThrows(SchemaTooNewException.class, db::open);
        assertTrue(refused.getMessage().contains("schema version 99, written by helpdesk 7.3.0"), refused.getMessage());
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndTheNextOneWorks() {
        try (Store store = db.open()) {
            assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
                tx.locks().nextToken("x");
                throw new IllegalStateException("boom");
            }));
            assertEquals(1L, (long) store.inTransaction(tx -> tx.locks().nextToken("x")));
        }
    }

    @Test
    void aReaderNeitherWaitsForAWriterNorSeesItsUncommittedRows() throws Exception {
        try (Store writer = db.open(); Store reader = db.open()) {
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> writer.inTransaction(tx -> {
                tx.locks().nextToken("held");
                writing.countDown();
                await(done);
                return null;
            }));
            assertTrue(writing.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            assertEquals(0L, (long) reader.read(tx -> tx.count("SELECT count(*) FROM lock_fences")));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "the reader did not wait");
            done.countDown();
            write.get(10, TimeUnit.SECONDS);
            assertEquals(1L, (long) reader.read(tx -> tx.count("SELECT count(*) FROM lock_fences")));
        }
    }

    /**
     * A host frozen inside a write transaction (here a thread asleep in it, which looks the same to the server)
     * holds the writers' turn until the server ends its session, and that comes before another writer's 30 s wait
     * for the turn runs out: the other's write goes through, and the frozen one's is not kept. SQLite has no
     * server to end a frozen writer; there the one process's writers are threads that do not freeze alone.
     */
    @Test
    void aWriterFrozenInItsTransactionLosesTheTurnBeforeAnotherGivesUpWaiting() throws Exception {
        assumeTrue(db.isPostgres(), "PostgreSQL only");
        try (Store frozen = db.open(); Store other = db.open()) {
            CountDownLatch holding = new CountDownLatch(1);
            CompletableFuture<Object> stuck = CompletableFuture.supplyAsync(() -> frozen.inTransaction(tx -> {
                tx.locks().nextToken("frozen");
                holding.countDown();
                sleep(Duration.ofSeconds(14));
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            assertEquals(1L, (long) other.inTransaction(tx -> tx.locks().nextToken("other")));
            long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(waited >= 5 && waited < 25, "waited for the frozen writer's session to end: " + waited + " s");
            assertThrows(ExecutionException.class, () -> stuck.get(30, TimeUnit.SECONDS), "its commit failed");
            assertEquals(1L, (long) other.inTransaction(tx -> tx.locks().nextToken("frozen")),
                    "nothing of the frozen transaction was kept");
        }
    }

    @Test
    void textWithNulCharactersIsStored() {
        try (Store store = db.open()) {
            store.inTransaction(tx -> tx.execute("INSERT INTO meta (key, value) VALUES ('probe', ?)", "a\0b"));
            String stored = store.read(tx -> tx.queryOne("SELECT value FROM meta WHERE key = 'probe'",
                    row -> row.getString(1)).orElseThrow());
            assertEquals(db.isPostgres() ? "a\uFFFDb" : "a\0b", stored,
                    "PostgreSQL text cannot hold U+0000; the raw message keeps the byte in the blob store");
        }
    }

    @Test
    void leasesAreJudgedByTheDatabaseServersClockWhenHostsShareIt() {
        MutableClock local = new MutableClock(Instant.parse("2001-01-01T00:00:00Z"));
        try (Store store = db.open()) {
            if (db.isPostgres()) {
                Instant server = store.leaseClock(local).instant();
                assertTrue(Duration.between(Instant.now(), server).abs().toSeconds() < 60,
                        "the server's time, not this host's (which says 2001): " + server);
            } else {
                assertSame(local, store.leaseClock(local), "SQLite is this host's alone: its clock will do");
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
