package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real SQLite file: creation, modes and WAL (what both engines promise: StoreEnginesTest). */
class StoreTest {
    @TempDir
    Path dir;

    @Test
    void createsThePrivateDataDirAndDatabaseAndMigratesFromEmpty() throws Exception {
        DataDir dataDir = new DataDir(dir.resolve("data"));
        try (Store store = dataDir.openStore("1.0")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(0, (int) store.inTransaction(tx -> tx.locks().all().size()));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.root())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.database())));
    }

    @Test
    void reopeningKeepsDataAndAppliesNothingTwice() {
        DataDir dataDir = new DataDir(dir);
        try (Store store = dataDir.openStore("1.0")) {
            store.inTransaction(tx -> tx.locks().nextToken("x"));
        }
        try (Store store = dataDir.openStore("1.0")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(2L, (long) store.inTransaction(tx -> tx.locks().nextToken("x")));
        }
    }

    @Test
    void usesWriteAheadLogging() throws Exception {
        DataDir dataDir = new DataDir(dir);
        dataDir.openStore("1.0").close();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dataDir.database());
                Statement statement = raw.createStatement()) {
            var rows = statement.executeQuery("PRAGMA journal_mode");
            rows.next();
            assertEquals("wal", rows.getString(1));
        }
    }

    @Test
    void refusesADatabaseWrittenByANewerHelpdeskNamingBothVersions() throws Exception {
        DataDir dataDir = new DataDir(dir);
        dataDir.openStore("1.0").close();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dataDir.database());
                Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
            statement.execute("UPDATE meta SET value = '7.3.0' WHERE key = 'app_version'");
        }
        var refused = assertThrows(SchemaTooNewException.class, () -> dataDir.openStore("1.0"));
        assertTrue(refused.getMessage().contains("schema version 99"), refused.getMessage());
        assertTrue(refused.getMessage().contains("helpdesk 7.3.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains("this helpdesk 1.0 knows schema versions up to "
                + Migrations.latest()), refused.getMessage());
    }

    @Test
    void openIfExistsCreatesNothingOnAFreshMachine() {
        DataDir dataDir = new DataDir(dir.resolve("missing"));
        assertTrue(Store.openIfExists(dataDir.target(), "1.0").isEmpty());
        assertFalse(Files.exists(dataDir.root()));
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Store store = new DataDir(dir).openStore("1.0")) {
            assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
                tx.locks().nextToken("x");
                throw new IllegalStateException("boom");
            }));
            assertEquals(1L, (long) store.inTransaction(tx -> tx.locks().nextToken("x")));
        }
    }
}
