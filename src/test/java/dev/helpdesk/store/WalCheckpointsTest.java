package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background checkpoints of a SQLite store: what a commit leaves in the write-ahead log reaches the database
 * file while the store stays open and nobody writes (no commit runs SQLite's automatic checkpoint, which is
 * 40 MB away), and closing the store stops the thread.
 */
class WalCheckpointsTest {
    private static final int ROWS = 200;
    private static final int BYTES_PER_ROW = 10_000;

    @TempDir
    Path dir;

    @Test
    void committedPagesReachTheDatabaseFileWithoutAnotherCommitAndCloseStopsTheThread() throws Exception {
        DataDir dataDir = new DataDir(dir);
        try (Store store = dataDir.openStore("1.0")) {
            long before = Files.size(dataDir.database());
            store.inTransaction(tx -> {
                for (int i = 0; i < ROWS; i++) {
                    tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", "filler-" + i,
                            "x".repeat(BYTES_PER_ROW));
                }
                return null;
            });
            Path wal = dataDir.database().resolveSibling(DataDir.DATABASE + "-wal");
            assertTrue(Files.size(wal) > (long) ROWS * BYTES_PER_ROW, "the commit went to the log");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(dataDir.database()) < before + (long) ROWS * BYTES_PER_ROW
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.size(dataDir.database()) >= before + (long) ROWS * BYTES_PER_ROW,
                    "no checkpoint copied the commit into the database file within 10 s");
            assertTrue(checkpointThreadAlive());
        }
        assertFalse(checkpointThreadAlive(), "closing the store stops its checkpoint thread");
        try (Store store = dataDir.openStore("1.0")) {
            assertEquals((long) ROWS,
                    (long) store.read(tx -> tx.count("SELECT count(*) FROM meta WHERE key LIKE 'filler-%'")));
        }
    }

    @Test
    void aStoreThatOnlyReadsStartsNoThread() {
        DataDir dataDir = new DataDir(dir);
        dataDir.openStore("1.0").close();
        try (Store store = dataDir.openStore("1.0")) {
            store.read(tx -> tx.count("SELECT count(*) FROM meta"));
            assertFalse(checkpointThreadAlive());
        }
    }

    private static boolean checkpointThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("helpdesk-checkpoints") && thread.isAlive());
    }
}
