package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.StoreEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration 13 on a store written by schema 12, on both engines: every blob gets a number, its chunks move under
 * it in order, every message knows its raw bytes' number, and nothing is lost or found differently: the bytes read
 * back whole, a message is still recognised by its bytes, and the next blob gets the next number.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class BlobNumbersMigrationTest {
    private static final byte[] FIRST_HALF =
            "From: a@example.org\r\nSubject: old\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECOND_HALF = "\r\nbody of two chunks\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ATTACHMENT = "%PDF-1.4 bytes".getBytes(StandardCharsets.US_ASCII);
    private static final String RAW = "b".repeat(64);
    private static final String PDF = "a".repeat(64);

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    @Test
    void blobsOfAnOlderStoreAreNumberedAndStillFoundByTheirHash() throws Exception {
        StoreEngine.TestStore prepared = engine.prepare(dir);
        try (Connection c = prepared.connect(); Statement s = c.createStatement()) {
            Engine schema = prepared.isPostgres() ? new PostgresEngine((StoreTarget.Postgres) prepared.target())
                    : new SqliteEngine(dir.resolve("helpdesk.db"));
            for (String script : Migrations.STEPS.subList(0, 12)) {
                for (String statement : script.split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(schema.migrationStatement(statement));
                    }
                }
            }
            s.execute(prepared.isPostgres() ? "INSERT INTO meta (key, value) VALUES ('schema_version', '12')"
                    : "PRAGMA user_version = 12");
            s.execute("INSERT INTO blobs (sha256, size) VALUES ('" + RAW + "', "
                    + (FIRST_HALF.length + SECOND_HALF.length) + "), ('" + PDF + "', " + ATTACHMENT.length + ")");
            // The second chunk first: the order of the rows is not the order of the bytes.
            insert(c, "INSERT INTO blob_chunks (sha256, seq, data) VALUES ('" + RAW + "', 1, ?)", SECOND_HALF);
            insert(c, "INSERT INTO blob_chunks (sha256, seq, data) VALUES ('" + RAW + "', 0, ?)", FIRST_HALF);
            insert(c, "INSERT INTO blob_chunks (sha256, seq, data) VALUES ('" + PDF + "', 0, ?)", ATTACHMENT);
            for (String mailbox : List.of("support", "sales")) {
                s.execute("INSERT INTO messages (mailbox, folder, message_id, sha256, to_list, cc_list, reply_to_list,"
                        + " subject, references_list, size, received_at_ms) VALUES ('" + mailbox + "', 'INBOX',"
                        + " 'm1@example.org', '" + RAW + "', '', '', '', 'old', '', 60, 0)");
            }
        }

        try (Store store = prepared.open()) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            byte[] whole = (new String(FIRST_HALF, StandardCharsets.US_ASCII)
                    + new String(SECOND_HALF, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(whole, read(store, RAW), "the chunks in their order");
            assertArrayEquals(ATTACHMENT, read(store, PDF));
            assertEquals(List.of(1L, 2L), store.inTransaction(tx -> tx.query("SELECT id FROM blobs ORDER BY id",
                    row -> row.getLong(1))));
            for (String mailbox : List.of("support", "sales")) {
                MessageTable.Stored stored = store.inTransaction(tx -> tx.messages().stored(mailbox, RAW, "other"));
                assertTrue(stored.sameBytes().isPresent(), mailbox + "'s message is still found by its bytes");
            }
            assertTrue(store.inTransaction(tx -> tx.messages().stored("support", PDF, "other")).sameBytes().isEmpty());
            assertEquals(3L, put(store, "c".repeat(64), ATTACHMENT), "the next number");
        }
    }

    @Test
    void aNewBlobTakesTheNextNumberAndAStoredOneTakesNone() {
        try (Store store = engine.prepare(dir).open()) {
            assertEquals(1L, put(store, "1".repeat(64), FIRST_HALF));
            assertEquals(1L, put(store, "1".repeat(64), SECOND_HALF), "stored already: kept as it was");
            assertArrayEquals(FIRST_HALF, read(store, "1".repeat(64)));
            assertEquals(2L, put(store, "2".repeat(64), SECOND_HALF));
            assertArrayEquals(SECOND_HALF, read(store, "2".repeat(64)));
            boolean copied = store.inTransaction(tx -> tx.blobs().copyTo("3".repeat(64), new ByteArrayOutputStream()));
            assertFalse(copied, "no such blob: nothing copied");
            assertEquals(0, read(store, "3".repeat(64)).length, "no such blob: nothing to read");
        }
    }

    /** Puts the bytes under the hash and returns the number the blob then has. */
    private static long put(Store store, String sha256, byte[] bytes) {
        return store.inTransaction(tx -> {
            tx.blobs().put(sha256, bytes.length, () -> new ByteArrayInputStream(bytes));
            return tx.queryOne("SELECT id FROM blobs WHERE sha256 = ?", row -> row.getLong(1), sha256);
        }).orElseThrow();
    }

    private static byte[] read(Store store, String sha256) {
        return store.inTransaction(tx -> {
            try (InputStream in = tx.blobs().open(sha256)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void insert(Connection c, String sql, byte[] bytes) throws Exception {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setBytes(1, bytes);
            p.executeUpdate();
        }
    }
}
