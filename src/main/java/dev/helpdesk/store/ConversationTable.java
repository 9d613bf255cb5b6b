package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Conversations (numbered by their id), who takes part in them, and the customers behind them. */
public final class ConversationTable {
    private final Tx tx;

    ConversationTable(Tx tx) {
        this.tx = tx;
    }

    /** A conversation's number, mailbox, subject, status and customer. */
    public record Conversation(long number, String mailbox, String subject, String status,
            Optional<String> customerEmail, Optional<String> customerName, Instant createdAt, Instant updatedAt,
            int messages) {
        public boolean closed() {
            return status.equals("closed");
        }
    }

    private static final String SELECT = "SELECT c.id, c.mailbox, c.subject, c.status, cu.email, cu.name,"
            + " c.created_at_ms, c.updated_at_ms, c.message_count"
            + " FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id";

    public Optional<Conversation> find(String mailbox, long number) {
        return tx.queryOne(SELECT + " WHERE c.mailbox = ? AND c.id = ?", ConversationTable::read, mailbox, number);
    }

    public Optional<Conversation> find(long number) {
        return tx.queryOne(SELECT + " WHERE c.id = ?", ConversationTable::read, number);
    }

    /**
     * Newest activity first, each conversation handed over as it is read (a list of any length is never held);
     * empty filters mean all. Returns how many there were.
     */
    public int each(Optional<String> status, Optional<String> mailbox, int limit, Consumer<Conversation> each) {
        Where where = new Where().equal("c.mailbox", mailbox).equal("c.status", status);
        return tx.forEach(SELECT + where.sql() + " ORDER BY c.updated_at_ms DESC, c.id DESC LIMIT ?",
                ConversationTable::read, each, where.parameters(limit));
    }

    /** The customer with this normalised address, created on first sight; the name is kept once known. */
    public long customer(String email, Optional<String> name) {
        return tx.insert("INSERT INTO customers (email, name) VALUES (?, ?) ON CONFLICT (email)"
                + " DO UPDATE SET name = coalesce(customers.name, excluded.name) RETURNING id", email, name.orElse(null));
    }

    public long open(String mailbox, String subject, Optional<Long> customerId, Instant now) {
        return tx.insert("INSERT INTO conversations (mailbox, subject, customer_id, status, created_at_ms,"
                + " updated_at_ms) VALUES (?, ?, ?, 'open', ?, ?) RETURNING id", mailbox, subject,
                customerId.orElse(null), now.toEpochMilli(), now.toEpochMilli());
    }

    public void setStatus(long number, String status, Instant now) {
        tx.execute("UPDATE conversations SET status = ?, updated_at_ms = ? WHERE id = ?", status, now.toEpochMilli(),
                number);
    }

    /**
     * A message joined the conversation: one more in its count, its activity time moves to {@code now} (never
     * back), and a closed one opens again (as of now) when the message is one that reopens it. One statement:
     * every reply a drain stores runs it. Only {@link MessageTable#add} calls this, so that the count stays true.
     */
    void joined(long number, Instant now, boolean reopen) {
        long at = now.toEpochMilli();
        tx.execute("UPDATE conversations SET message_count = message_count + 1,"
                + " status = CASE WHEN ? = 1 AND status = 'closed' THEN 'open' ELSE status END,"
                + " updated_at_ms = CASE WHEN ? = 1 AND status = 'closed' THEN ? WHEN updated_at_ms < ? THEN ?"
                + " ELSE updated_at_ms END WHERE id = ?", reopen ? 1 : 0, reopen ? 1 : 0, at, at, at, number);
    }

    public void addParticipant(long number, String email) {
        tx.execute("INSERT INTO participants (conversation_id, email) VALUES (?, ?)"
                + " ON CONFLICT DO NOTHING", number, email);
    }

    public boolean isParticipant(long number, String email) {
        return tx.queryOne("SELECT 1 FROM participants WHERE conversation_id = ? AND email = ?", row -> true,
                number, email).isPresent();
    }

    public List<String> participants(long number) {
        return tx.query("SELECT email FROM participants WHERE conversation_id = ? ORDER BY email",
                row -> row.getString(1), number);
    }

    private static Conversation read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Conversation(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)),
                Instant.ofEpochMilli(row.getLong(7)), Instant.ofEpochMilli(row.getLong(8)), row.getInt(9));
    }
}
