package dev.helpdesk.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 4 on a database written by the previous schema: raw bytes move into the chunked blob store, the
 * HTML body into its own table, oversized ledger rows into the set-aside list, and nothing is lost.
 */
class StorageLayoutMigrationTest {
    @TempDir
    Path dir;

    private static final byte[] RAW = "From: a@example.org\r\nSubject: old\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUARANTINED = "no header at all\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ATTACHMENT = "%PDF-1.4 bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void movesRawBytesHtmlAndOversizedRowsOfAnOlderDatabase() throws Exception {
        Path file = dir.resolve("helpdesk.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String script : Migrations.STEPS.subList(0, 3)) {
                for (String statement : script.split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
            s.execute("PRAGMA user_version = 3");
            insert(c, "INSERT INTO messages (id, mailbox, folder, message_id, sha256, to_list, cc_list, reply_to_list,"
                    + " subject, references_list, html_body, size, raw, received_at_ms) VALUES (1, 'support', 'INBOX',"
                    + " 'm1@example.org', 'rawsha', '', '', '', 'old', '', '<p>old</p>', ?, ?, 0)", RAW.length, RAW);
            insert(c, "INSERT INTO blobs (sha256, size, data) VALUES ('pdfsha', ?, ?)", ATTACHMENT.length, ATTACHMENT);
            insert(c, "INSERT INTO attachments (message_id, sha256, name, content_type, size) VALUES (1, 'pdfsha',"
                    + " 'a.pdf', 'application/pdf', ?)", ATTACHMENT.length);
            insert(c, "INSERT INTO quarantine (mailbox, folder, uid, sha256, error, raw, created_at_ms) VALUES"
                    + " ('support', 'INBOX', 7, 'qsha', 'old error', ?, 0)", QUARANTINED);
            insert(c, "INSERT INTO ledger (mailbox, folder, uidvalidity, uid, size, outcome, headers, recorded_at_ms)"
                    + " VALUES ('support', 'INBOX', 1, 9, 99999999, 'oversized', ?, 5)",
                    "Subject: huge\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        try (Store store = Store.open(new StoreTarget.Sqlite(file), "test")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertArrayEquals(RAW, blob(store, "rawsha"));
            assertArrayEquals(ATTACHMENT, blob(store, "pdfsha"));
            assertArrayEquals(QUARANTINED, blob(store, "qsha"));
            assertEquals("<p>old</p>", store.inTransaction(tx -> tx.messages().html(1)).orElseThrow());
            assertTrue(store.inTransaction(tx -> tx.messages().inConversation(0)).isEmpty());
            QuarantineTable.Entry entry = store.inTransaction(tx -> tx.quarantine().find(1)).orElseThrow();
            assertEquals(QUARANTINED.length, entry.size());
            SetAsideTable.Entry aside = store.inTransaction(tx -> tx.setAside().list(java.util.Optional.empty())).get(0);
            assertEquals(9, aside.uid());
            assertEquals(SetAsideTable.Reason.TOO_BIG, aside.reason());
            assertEquals("Subject: huge\r\n\r\n", new String(aside.headers().orElseThrow(), StandardCharsets.US_ASCII));
            assertEquals(1L, (long) store.inTransaction(tx -> tx.count("SELECT count(*) FROM ledger WHERE outcome = 'set-aside'")));
        }
        List<String> columns = columns(file, "messages");
        assertFalse(columns.contains("raw") || columns.contains("html_body"), columns::toString);
        assertFalse(columns(file, "quarantine").contains("raw"));
    }

    private static byte[] blob(Store store, String sha) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean found = store.inTransaction(tx -> tx.blobs().copyTo(sha, out));
        assertTrue(found, sha);
        return out.toByteArray();
    }

    private static void insert(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    private static List<String> columns(Path file, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rows = c.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
        }
        return names;
    }
}
