package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration 5 on a database whose lock row was written by an older helpdesk: the row survives, unidentified. */
class LockIdentityMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aLockRowOfAnOlderHelpdeskKeepsEverythingAndHasNoBootRelativeIdentity() throws Exception {
        Path file = dir.resolve("helpdesk.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String script : Migrations.STEPS.subList(0, 4)) {
                for (String statement : script.split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
            s.execute("PRAGMA user_version = 4");
            s.execute("INSERT INTO locks (name, token, owner_pid, owner_host, owner_start_ms, command, acquired_at_ms,"
                    + " heartbeat_at_ms, expires_at_ms) VALUES ('fetch:support', 7, 4242, 'web1', 1000, 'helpdesk fetch',"
                    + " 2000, 3000, 4000)");
        }

        try (Store store = Store.open(new StoreTarget.Sqlite(file), "test")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            LockRecord row = store.inTransaction(tx -> tx.locks().find("fetch:support")).orElseThrow();
            assertEquals(new LockRecord("fetch:support", 7, 4242, "web1", Optional.empty(), Optional.empty(),
                    OptionalLong.empty(), Optional.of(Instant.ofEpochMilli(1000)), "helpdesk fetch",
                    Instant.ofEpochMilli(2000), Instant.ofEpochMilli(3000), Instant.ofEpochMilli(4000)), row);
        }
    }

    @Test
    void theNewIdentityColumnsRoundTrip() {
        try (Store store = Store.open(new StoreTarget.Sqlite(dir.resolve("helpdesk.db")), "test")) {
            LockRecord written = new LockRecord("fetch:support", 1, 4242, "web1",
                    Optional.of("8dde043c-08b7-47da-bfd3-400a0995b3d0"), Optional.of("4026531836"),
                    OptionalLong.of(123_456_789L), Optional.empty(), "helpdesk fetch",
                    Instant.ofEpochMilli(2000), Instant.ofEpochMilli(3000), Instant.ofEpochMilli(4000));
            store.inTransaction(tx -> {
                tx.locks().put(written);
                return null;
            });
            assertEquals(written, store.inTransaction(tx -> tx.locks().find("fetch:support")).orElseThrow());
        }
    }
}
