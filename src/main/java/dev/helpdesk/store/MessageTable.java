package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Stored messages with their raw bytes (kept for reprocessing) and attachments (kept once by hash). */
public final class MessageTable {
    private final Tx tx;

    MessageTable(Tx tx) {
        this.tx = tx;
    }

    /** A parsed message ready to store; addresses are display strings ("Name <a@b>"). */
    public record NewMessage(String mailbox, String folder, String messageId, boolean syntheticId, String sha256,
            String kind, Optional<String> listId, Optional<String> fromEmail, Optional<String> fromName,
            List<String> to, List<String> cc, List<String> replyTo, String subject, Optional<Instant> date,
            Optional<String> inReplyTo, List<String> references, Optional<String> text, Optional<String> html,
            Optional<String> newText, List<String> notes, byte[] raw, Instant receivedAt) {
        public NewMessage {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(raw, "raw");
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            replyTo = List.copyOf(replyTo);
            references = List.copyOf(references);
            notes = List.copyOf(notes);
        }
    }

    /** An attachment to store; {@code content} empty when it was omitted (the reason says why). */
    public record NewAttachment(String name, String contentType, long size, Optional<byte[]> content,
            Optional<String> contentId, boolean inline, Optional<String> omitted) {
    }

    /** A stored message as the conversation view shows it. */
    public record StoredMessage(long id, Optional<Long> conversation, String messageId, String kind,
            Optional<String> fromEmail, Optional<String> fromName, String to, String cc, String subject,
            Optional<Instant> date, Optional<String> text, Optional<String> newText, boolean hasHtml,
            Optional<String> listId, Optional<String> notes, Instant receivedAt) {
    }

    /** An attachment row: display name, type, size, hash (empty if omitted), inline content id. */
    public record StoredAttachment(long id, String name, String contentType, long size, Optional<String> sha256,
            Optional<String> contentId, boolean inline, Optional<String> omitted) {
    }

    /** The message already stored in this mailbox under that Message-ID. */
    public Optional<Long> byMessageId(String mailbox, String messageId) {
        return tx.queryOne("SELECT id FROM messages WHERE mailbox = ? AND message_id = ?",
                row -> row.getLong(1), mailbox, messageId);
    }

    /** The conversation of the stored message with this Message-ID, if it has one. */
    public Optional<Long> conversationOf(String mailbox, String messageId) {
        return tx.queryOne("SELECT conversation_id FROM messages WHERE mailbox = ? AND message_id = ?"
                + " AND conversation_id IS NOT NULL", row -> row.getLong(1), mailbox, messageId);
    }

    public Optional<Long> conversationOfMessage(long id) {
        return tx.queryOne("SELECT conversation_id FROM messages WHERE id = ? AND conversation_id IS NOT NULL",
                row -> row.getLong(1), id);
    }

    public long add(Optional<Long> conversation, NewMessage m) {
        tx.execute("INSERT INTO messages (conversation_id, mailbox, folder, message_id, synthetic_id, sha256, kind,"
                + " list_id, from_email, from_name, to_list, cc_list, reply_to_list, subject, date_ms, in_reply_to,"
                + " references_list, text_body, html_body, new_text, notes, size, raw, received_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                conversation.orElse(null), m.mailbox(), m.folder(), m.messageId(), m.syntheticId() ? 1 : 0,
                m.sha256(), m.kind(), m.listId().orElse(null), m.fromEmail().orElse(null), m.fromName().orElse(null),
                String.join("\n", m.to()), String.join("\n", m.cc()), String.join("\n", m.replyTo()), m.subject(),
                m.date().map(Instant::toEpochMilli).orElse(null), m.inReplyTo().orElse(null),
                String.join(" ", m.references()), m.text().orElse(null), m.html().orElse(null),
                m.newText().orElse(null), m.notes().isEmpty() ? null : String.join("\n", m.notes()),
                m.raw().length, m.raw(), m.receivedAt().toEpochMilli());
        return tx.lastInsertId();
    }

    /** Stores the attachment's bytes once per content hash and links it to the message. */
    public void addAttachment(long messageId, NewAttachment a, Optional<String> sha256) {
        if (a.content().isPresent() && sha256.isPresent()) {
            tx.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", sha256.get(),
                    a.content().get().length, a.content().get());
        }
        tx.execute("INSERT INTO attachments (message_id, sha256, name, content_type, size, content_id, inline,"
                + " omitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", messageId,
                a.content().isPresent() ? sha256.orElse(null) : null, a.name(), a.contentType(), a.size(),
                a.contentId().orElse(null), a.inline() ? 1 : 0, a.omitted().orElse(null));
    }

    public List<StoredMessage> inConversation(long conversation) {
        return tx.query("SELECT id, conversation_id, message_id, kind, from_email, from_name, to_list, cc_list,"
                + " subject, date_ms, text_body, new_text, html_body IS NOT NULL, list_id, notes, received_at_ms"
                + " FROM messages WHERE conversation_id = ? ORDER BY coalesce(date_ms, received_at_ms), id",
                MessageTable::readMessage, conversation);
    }

    public List<StoredAttachment> attachments(long messageId) {
        return tx.query("SELECT id, name, content_type, size, sha256, content_id, inline, omitted FROM attachments"
                + " WHERE message_id = ? ORDER BY id", row -> new StoredAttachment(row.getLong(1), row.getString(2),
                        row.getString(3), row.getLong(4), Optional.ofNullable(row.getString(5)),
                        Optional.ofNullable(row.getString(6)), row.getInt(7) == 1,
                        Optional.ofNullable(row.getString(8))), messageId);
    }

    public int countMessages(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM messages WHERE mailbox = ?", mailbox);
    }

    private static StoredMessage readMessage(java.sql.ResultSet row) throws java.sql.SQLException {
        long conversation = row.getLong(2);
        Optional<Long> inConversation = row.wasNull() ? Optional.empty() : Optional.of(conversation);
        long date = row.getLong(10);
        Optional<Instant> sent = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(date));
        return new StoredMessage(row.getLong(1), inConversation, row.getString(3), row.getString(4),
                Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)), row.getString(7),
                row.getString(8), row.getString(9), sent, Optional.ofNullable(row.getString(11)),
                Optional.ofNullable(row.getString(12)), row.getInt(13) == 1, Optional.ofNullable(row.getString(14)),
                Optional.ofNullable(row.getString(15)), Instant.ofEpochMilli(row.getLong(16)));
    }
}
