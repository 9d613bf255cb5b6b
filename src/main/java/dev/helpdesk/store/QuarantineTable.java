package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Input that could not be read as mail (no header section, or a bug), kept with its error so nothing is lost and
 * it can be retried; the bytes themselves are in {@link BlobTable} under {@code sha256}.
 */
public final class QuarantineTable {
    private final Tx tx;

    QuarantineTable(Tx tx) {
        this.tx = tx;
    }

    /** One quarantined message. */
    public record Entry(long id, String mailbox, String folder, long uid, String sha256, String error, int attempts,
            long size, Instant createdAt) {
    }

    /** Records a quarantined message whose bytes are already in the blob store under {@code sha256}. */
    public long add(String mailbox, String folder, long uid, String sha256, long size, String error, Instant now) {
        return tx.insert("INSERT INTO quarantine (mailbox, folder, uid, sha256, size, error, created_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", mailbox, folder, uid, sha256, size, error,
                now.toEpochMilli());
    }

    /** A quarantined copy of exactly these bytes, so a re-listed broken message is not kept twice. */
    public Optional<Long> byHash(String mailbox, String sha256) {
        return tx.queryOne("SELECT id FROM quarantine WHERE mailbox = ? AND sha256 = ? LIMIT 1",
                row -> row.getLong(1), mailbox, sha256);
    }

    private static final String SELECT = "SELECT id, mailbox, folder, uid, sha256, error, attempts, size,"
            + " created_at_ms FROM quarantine";

    public List<Entry> list() {
        return tx.query(SELECT + " ORDER BY id", QuarantineTable::read);
    }

    public Optional<Entry> find(long id) {
        return tx.queryOne(SELECT + " WHERE id = ?", QuarantineTable::read, id);
    }

    /** Another failed attempt: the newest error replaces the old one. */
    public void failedAgain(long id, String error) {
        tx.execute("UPDATE quarantine SET attempts = attempts + 1, error = ? WHERE id = ?", error, id);
    }

    /** Stored at last: the ledger rows that pointed here now point at the message. */
    public void resolved(long id, long messageId, LedgerTable.Outcome outcome) {
        tx.execute("UPDATE ledger SET outcome = ?, message_ref = ? WHERE outcome = 'quarantined'"
                + " AND message_ref = ?", outcome.key(), messageId, id);
        tx.execute("DELETE FROM quarantine WHERE id = ?", id);
    }

    public int count(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM quarantine WHERE mailbox = ?", mailbox);
    }

    /** Inputs of a mailbox quarantined at or after {@code since} (and still in quarantine). */
    public int countSince(String mailbox, Instant since) {
        return (int) tx.count("SELECT count(*) FROM quarantine WHERE mailbox = ? AND created_at_ms >= ?", mailbox,
                since.toEpochMilli());
    }

    private static Entry read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Entry(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5),
                row.getString(6), row.getInt(7), row.getLong(8), Instant.ofEpochMilli(row.getLong(9)));
    }
}
