package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stored messages: the small columns a conversation view reads, with the raw bytes in {@link BlobTable}
 * (under {@code sha256}) and the HTML body in its own table, so reading conversations never touches either.
 */
public final class MessageTable {
    private final Tx tx;

    MessageTable(Tx tx) {
        this.tx = tx;
    }

    /**
     * A parsed message ready to store; addresses are display strings ("Name <a@b>"). {@code sha256} names its
     * raw bytes in the blob store, {@code contentSha256} its content without trace fields (when computed: it
     * is needed only once another message shares the Message-ID).
     */
    public record NewMessage(String mailbox, String folder, String messageId, boolean syntheticId, String sha256,
            Optional<String> contentSha256, long size, String kind, Optional<String> listId, Optional<String> fromEmail,
            Optional<String> fromName, List<String> to, List<String> cc, List<String> replyTo, String subject,
            Optional<Instant> date, Optional<String> inReplyTo, List<String> references, Optional<String> text,
            Optional<String> newText, List<String> notes, Instant receivedAt) {
        public NewMessage {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            replyTo = List.copyOf(replyTo);
            references = List.copyOf(references);
            notes = List.copyOf(notes);
        }
    }

    /** An attachment to store; {@code sha256} empty when its bytes were omitted (the reason says why). */
    public record NewAttachment(String name, String contentType, long size, Optional<String> sha256,
            Optional<String> contentId, boolean inline, Optional<String> omitted) {
    }

    /** A stored message as the conversation view shows it. */
    public record StoredMessage(long id, Optional<Long> conversation, String messageId, String kind,
            Optional<String> fromEmail, Optional<String> fromName, String to, String cc, String subject,
            Optional<Instant> date, Optional<String> text, Optional<String> newText, boolean hasHtml,
            Optional<String> listId, Optional<String> notes, Instant receivedAt) {
    }

    /** An attachment row: display name, type, size, hash (empty if omitted), inline content id, its message. */
    public record StoredAttachment(long id, String name, String contentType, long size, Optional<String> sha256,
            Optional<String> contentId, boolean inline, Optional<String> omitted, long messageId) {
    }

    /**
     * A stored message that shares a Message-ID: its id, raw hash, the number of the blob with its raw bytes and its
     * content hash (empty until computed).
     */
    public record SameId(long id, String sha256, long rawBlob, Optional<String> contentSha256) {
    }

    /**
     * What this mailbox already holds of a message about to be stored: the oldest message with exactly these
     * raw bytes, and every message with its Message-ID, oldest first.
     */
    public record Stored(Optional<Long> sameBytes, List<SameId> sameId) {
    }

    private static final String STORED_HALF = "SELECT id, sha256, raw_blob, content_sha256, message_id FROM messages"
            + " WHERE mailbox = ? AND ";

    /** A row {@link #stored} found, by its raw hash or its Message-ID (or both). */
    private record Match(SameId row, boolean sameMessageId) {
    }

    /**
     * One query for both halves of {@link Stored}: it runs for every message a drain receives. A message with the
     * same raw bytes has the same Message-ID (a synthetic one derives from the bytes too), so the Message-ID's rows
     * hold it; raw bytes stored under their hash (an input once quarantined, a message stored before schema 14)
     * are found by the hash as well, whatever Message-ID an older helpdesk gave their message.
     */
    public Stored stored(String mailbox, String sha256, String messageId) {
        // Two index searches glued by UNION ALL, ordered and deduplicated here (a message can match both): given
        // "sha256 = ? OR message_id = ?", SQLite scanned the mailbox's messages; a UNION sorted in a temporary
        // b-tree, which cost more than the two queries it replaced.
        java.util.SortedMap<Long, Match> matches = new java.util.TreeMap<>();
        tx.forEach(STORED_HALF + "raw_blob = " + BlobTable.NUMBER_OF + " UNION ALL " + STORED_HALF + "message_id = ?",
                row -> new Match(new SameId(row.getLong(1), row.getString(2), row.getLong(3),
                        Optional.ofNullable(row.getString(4))), messageId.equals(row.getString(5))),
                match -> matches.put(match.row().id(), match),
                mailbox, sha256, mailbox, messageId);
        Optional<Long> sameBytes = matches.values().stream().map(Match::row)
                .filter(row -> row.sha256().equals(sha256)).map(SameId::id).findFirst();
        return new Stored(sameBytes, matches.values().stream().filter(Match::sameMessageId).map(Match::row).toList());
    }

    /** A stored message known by its Message-ID and raw size, for recognising it on the server without its body. */
    public record Known(long id, String messageId, long size) {
    }

    /** The stored messages of this mailbox with any of these Message-IDs. */
    public List<Known> withMessageIds(String mailbox, List<String> messageIds) {
        List<Known> known = new java.util.ArrayList<>();
        for (int from = 0; from < messageIds.size(); from += 500) { // SQLite takes up to 32766 parameters
            List<String> batch = messageIds.subList(from, Math.min(messageIds.size(), from + 500));
            Object[] args = new Object[batch.size() + 1];
            args[0] = mailbox;
            for (int i = 0; i < batch.size(); i++) {
                args[i + 1] = batch.get(i);
            }
            known.addAll(tx.query("SELECT id, message_id, size FROM messages WHERE mailbox = ? AND message_id IN "
                    + Tx.valueRows(1, batch.size()),
                    row -> new Known(row.getLong(1), row.getString(2), row.getLong(3)), args));
        }
        return known;
    }

    /** Records the content hash of a message stored before content hashes existed. */
    public void setContentHash(long id, String contentSha256) {
        tx.execute("UPDATE messages SET content_sha256 = ? WHERE id = ?", contentSha256, id);
    }

    /** The conversation of the oldest stored message with this Message-ID that has one. */
    public Optional<Long> conversationOf(String mailbox, String messageId) {
        return tx.queryOne("SELECT conversation_id FROM messages WHERE mailbox = ? AND message_id = ?"
                + " AND conversation_id IS NOT NULL ORDER BY id LIMIT 1", row -> row.getLong(1), mailbox, messageId);
    }

    public Optional<Long> conversationOfMessage(long id) {
        return tx.queryOne("SELECT conversation_id FROM messages WHERE id = ? AND conversation_id IS NOT NULL",
                row -> row.getLong(1), id);
    }

    /**
     * Adds the message, whose raw bytes are stored first ({@link BlobTable#putOwned} returns {@code rawBlob}): the row
     * keeps their blob's number beside the hash, so the index that finds a message by its bytes grows at its end.
     * The conversation it joins, if any, counts it and takes its time as its latest activity; a closed one opens
     * again if {@code reopens}.
     */
    public long add(Optional<Long> conversation, boolean reopens, long rawBlob, NewMessage m) {
        long id = tx.insert("INSERT INTO messages (conversation_id, mailbox, folder, message_id, synthetic_id, sha256,"
                + " content_sha256, kind, list_id, from_email, from_name, to_list, cc_list, reply_to_list, subject,"
                + " date_ms, in_reply_to, references_list, text_body, new_text, notes, size, received_at_ms, raw_blob)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                conversation.orElse(null), m.mailbox(), m.folder(), m.messageId(), m.syntheticId() ? 1 : 0,
                m.sha256(), m.contentSha256().orElse(null), m.kind(), m.listId().orElse(null),
                m.fromEmail().orElse(null), m.fromName().orElse(null), String.join("\n", m.to()), String.join("\n", m.cc()),
                String.join("\n", m.replyTo()), m.subject(), m.date().map(Instant::toEpochMilli).orElse(null),
                m.inReplyTo().orElse(null), String.join(" ", m.references()), m.text().orElse(null),
                m.newText().orElse(null), m.notes().isEmpty() ? null : String.join("\n", m.notes()), m.size(),
                m.receivedAt().toEpochMilli(), rawBlob);
        // The one place a message joins a conversation, so the count kept for `conversations list` stays true.
        conversation.ifPresent(number -> tx.conversations().joined(number, m.receivedAt(), reopens));
        return id;
    }

    /** The HTML body, in its own table. */
    public void addHtml(long messageId, String html) {
        tx.execute("INSERT INTO message_html (message_id, html) VALUES (?, ?)", messageId, html);
    }

    public Optional<String> html(long messageId) {
        return tx.queryOne("SELECT html FROM message_html WHERE message_id = ?", row -> row.getString(1), messageId);
    }

    /** Links an attachment, whose bytes (if kept) are already in the blob store, to the message. */
    public void addAttachment(long messageId, NewAttachment a) {
        tx.execute("INSERT INTO attachments (message_id, sha256, name, content_type, size, content_id, inline,"
                + " omitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", messageId, a.sha256().orElse(null), a.name(),
                a.contentType(), a.size(), a.contentId().orElse(null), a.inline() ? 1 : 0, a.omitted().orElse(null));
    }

    public List<StoredMessage> inConversation(long conversation) {
        return tx.query("SELECT m.id, m.conversation_id, m.message_id, m.kind, m.from_email, m.from_name, m.to_list,"
                + " m.cc_list, m.subject, m.date_ms, m.text_body, m.new_text,"
                + " CASE WHEN EXISTS (SELECT 1 FROM message_html h WHERE h.message_id = m.id) THEN 1 ELSE 0 END,"
                + " m.list_id, m.notes,"
                + " m.received_at_ms FROM messages m WHERE m.conversation_id = ?"
                + " ORDER BY coalesce(m.date_ms, m.received_at_ms), m.id", MessageTable::readMessage, conversation);
    }

    /** The attachments of every message of a conversation, in message then attachment order. */
    public List<StoredAttachment> attachmentsInConversation(long conversation) {
        return tx.query("SELECT a.id, a.name, a.content_type, a.size, a.sha256, a.content_id, a.inline, a.omitted,"
                + " a.message_id FROM attachments a JOIN messages m ON m.id = a.message_id"
                + " WHERE m.conversation_id = ? ORDER BY a.message_id, a.id", MessageTable::readAttachment,
                conversation);
    }

    public List<StoredAttachment> attachments(long messageId) {
        return tx.query("SELECT id, name, content_type, size, sha256, content_id, inline, omitted, message_id"
                + " FROM attachments WHERE message_id = ? ORDER BY id", MessageTable::readAttachment, messageId);
    }

    public int countMessages(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM messages WHERE mailbox = ?", mailbox);
    }

    private static StoredAttachment readAttachment(java.sql.ResultSet row) throws java.sql.SQLException {
        return new StoredAttachment(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)), row.getInt(7) == 1,
                Optional.ofNullable(row.getString(8)), row.getLong(9));
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
