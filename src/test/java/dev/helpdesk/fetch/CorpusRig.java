package dev.helpdesk.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.config.Limits;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.NativeSha256;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.testing.StoreEngine;
import dev.helpdesk.store.MessageTable.StoredAttachment;
import dev.helpdesk.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real store in a temp data dir with the Ingest of mailbox "support" (own address support@example.com), and
 * the crafted corpus under src/test/resources/corpus: what the corpus, fuzz, threading and attachment tests share.
 */
final class CorpusRig implements AutoCloseable {
    static final String MAILBOX = "support";
    static final Set<String> OWN = Set.of("support@example.com");

    private final Store store;
    private final Ingest ingest;
    private final Connection reader;
    private final Spool spool;

    CorpusRig(Path dataDir) {
        this(dataDir, StoreEngine.SQLITE);
    }

    CorpusRig(Path dataDir, StoreEngine engine) {
        this(dataDir, engine, Limits.defaults().maxAttachmentSize());
    }

    CorpusRig(Path dataDir, long maxAttachmentSize) {
        this(dataDir, StoreEngine.SQLITE, maxAttachmentSize);
    }

    CorpusRig(Path dataDir, StoreEngine engine, long maxAttachmentSize) {
        DataDir dir = new DataDir(dataDir);
        StoreEngine.TestStore db = engine.prepare(dataDir);
        this.store = db.open();
        this.ingest = new Ingest(new MessageParser(), MAILBOX, OWN, maxAttachmentSize, new NativeSha256());
        this.spool = Spool.under(dir.spool());
        this.reader = db.connect();
    }

    Store store() {
        return store;
    }

    Ingest ingest() {
        return ingest;
    }

    /** One message prepared, then written in its own transaction, as a drain chunk of one would store it. */
    Ingest.Result store(long uid, byte[] raw, Instant now) {
        Prepared prepared = prepare(raw);
        return store.inTransaction(tx -> ingest.write(tx, "INBOX", uid, prepared, now));
    }

    /** The pure half of ingest, outside any transaction. */
    Prepared prepare(byte[] raw) {
        return ingest.prepare(Content.of(raw), spool);
    }

    /** A stored message as the messages table holds it. */
    record Row(long id, String messageId, boolean syntheticId, String kind, Optional<String> fromEmail,
            Optional<String> fromName, String subject, Optional<String> text, Optional<String> html,
            Optional<String> newText, List<String> notes, Optional<Long> conversation) {
    }

    Row message(long id) {
        try (PreparedStatement query = reader.prepareStatement("SELECT m.id, m.message_id, m.synthetic_id, m.kind,"
                + " m.from_email, m.from_name, m.subject, m.text_body, h.html, m.new_text, m.notes, m.conversation_id"
                + " FROM messages m LEFT JOIN message_html h ON h.message_id = m.id WHERE m.id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalArgumentException("no message " + id);
                }
                long conversation = row.getLong(12);
                Optional<Long> inConversation = row.wasNull() ? Optional.empty() : Optional.of(conversation);
                String notes = row.getString(11);
                return new Row(row.getLong(1), row.getString(2), row.getInt(3) == 1, row.getString(4),
                        Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)),
                        row.getString(7), Optional.ofNullable(row.getString(8)), Optional.ofNullable(row.getString(9)),
                        Optional.ofNullable(row.getString(10)),
                        notes == null ? List.of() : Arrays.asList(notes.split("\n")), inConversation);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<StoredAttachment> attachments(long messageId) {
        return store.inTransaction(tx -> tx.messages().attachments(messageId));
    }

    /** The stored bytes of a blob, empty when none has that hash. */
    Optional<byte[]> blob(String sha256) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        return store.inTransaction(tx -> tx.blobs().copyTo(sha256, out)) ? Optional.of(out.toByteArray())
                : Optional.empty();
    }

    long count(String table) {
        try (PreparedStatement query = reader.prepareStatement("SELECT count(*) FROM " + table);
                ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        spool.close();
        store.close();
    }

    /** expected.json: one object per corpus file, in ingest order. */
    static List<JsonNode> expectations() {
        try {
            List<JsonNode> all = new ArrayList<>();
            new ObjectMapper().readTree(resource("expected.json")).forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String file) {
        try (InputStream in = CorpusRig.class.getResourceAsStream("/corpus/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus messages that parse (for mutation), in order. */
    static List<byte[]> storedMessages() {
        return expectations().stream().filter(e -> e.path("outcome").asText().equals("stored"))
                .map(e -> resource(e.get("file").asText())).toList();
    }
}
