package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Customers, conversations and the messages in them, with the raw bytes kept for reprocessing. */
public final class MessageTable {
    private final Tx tx;

    MessageTable(Tx tx) {
        this.tx = tx;
    }

    /** A parsed message ready to store; addresses are display strings ("Name <a@b>"). */
    public record NewMessage(String mailbox, String folder, Optional<String> messageId, String sha256,
            Optional<String> fromEmail, Optional<String> fromName, List<String> to, List<String> cc,
            List<String> replyTo, String subject, Optional<Instant> date, Optional<String> inReplyTo,
            List<String> references, Optional<String> text, Optional<String> html, byte[] raw, Instant receivedAt) {
        public NewMessage {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(raw, "raw");
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            replyTo = List.copyOf(replyTo);
            references = List.copyOf(references);
        }
    }

    /** The message already stored in this mailbox under that Message-ID. */
    public Optional<Long> byMessageId(String mailbox, String messageId) {
        return tx.queryOne("SELECT id FROM messages WHERE mailbox = ? AND message_id = ?",
                row -> row.getLong(1), mailbox, messageId);
    }

    /** A stored message of this mailbox with exactly these raw bytes. */
    public Optional<Long> byHash(String mailbox, String sha256) {
        return tx.queryOne("SELECT id FROM messages WHERE mailbox = ? AND sha256 = ? LIMIT 1",
                row -> row.getLong(1), mailbox, sha256);
    }

    /** The conversation of the stored message with this Message-ID, if any. */
    public Optional<Long> conversationOf(String mailbox, String messageId) {
        return tx.queryOne("SELECT conversation_id FROM messages WHERE mailbox = ? AND message_id = ?",
                row -> row.getLong(1), mailbox, messageId);
    }

    /** The customer with this normalised address, created on first sight; the name is kept once known. */
    public long customer(String email, Optional<String> name) {
        tx.execute("INSERT INTO customers (email, name) VALUES (?, ?) ON CONFLICT (email)"
                + " DO UPDATE SET name = coalesce(customers.name, excluded.name)", email, name.orElse(null));
        return tx.queryOne("SELECT id FROM customers WHERE email = ?", row -> row.getLong(1), email).orElseThrow();
    }

    public long newConversation(String mailbox, String subject, Optional<Long> customerId, Instant now) {
        tx.execute("INSERT INTO conversations (mailbox, subject, customer_id, status, created_at_ms, updated_at_ms)"
                + " VALUES (?, ?, ?, 'open', ?, ?)", mailbox, subject, customerId.orElse(null),
                now.toEpochMilli(), now.toEpochMilli());
        return tx.lastInsertId();
    }

    public long add(long conversationId, NewMessage message) {
        tx.execute("INSERT INTO messages (conversation_id, mailbox, folder, message_id, sha256, from_email, from_name,"
                + " to_list, cc_list, reply_to_list, subject, date_ms, in_reply_to, references_list, text_body,"
                + " html_body, size, raw, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                conversationId, message.mailbox(), message.folder(), message.messageId().orElse(null),
                message.sha256(), message.fromEmail().orElse(null), message.fromName().orElse(null),
                String.join("\n", message.to()), String.join("\n", message.cc()), String.join("\n", message.replyTo()),
                message.subject(), message.date().map(Instant::toEpochMilli).orElse(null),
                message.inReplyTo().orElse(null), String.join(" ", message.references()),
                message.text().orElse(null), message.html().orElse(null), message.raw().length, message.raw(),
                message.receivedAt().toEpochMilli());
        long id = tx.lastInsertId();
        tx.execute("UPDATE conversations SET updated_at_ms = ? WHERE id = ?", message.receivedAt().toEpochMilli(),
                conversationId);
        return id;
    }

    /** A message that could not be parsed, kept raw with its error so nothing is lost. */
    public long quarantine(String mailbox, String folder, long uid, String sha256, String error, byte[] raw,
            Instant now) {
        tx.execute("INSERT INTO quarantine (mailbox, folder, uid, sha256, error, raw, created_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", mailbox, folder, uid, sha256, error, raw, now.toEpochMilli());
        return tx.lastInsertId();
    }

    /** A quarantined copy of exactly these bytes, so a re-listed broken message is not kept twice. */
    public Optional<Long> quarantinedByHash(String mailbox, String sha256) {
        return tx.queryOne("SELECT id FROM quarantine WHERE mailbox = ? AND sha256 = ? LIMIT 1",
                row -> row.getLong(1), mailbox, sha256);
    }

    public int countMessages(String mailbox) {
        return tx.queryOne("SELECT count(*) FROM messages WHERE mailbox = ?", row -> row.getInt(1), mailbox).orElse(0);
    }

    public int countQuarantined(String mailbox) {
        return tx.queryOne("SELECT count(*) FROM quarantine WHERE mailbox = ?", row -> row.getInt(1), mailbox)
                .orElse(0);
    }
}
