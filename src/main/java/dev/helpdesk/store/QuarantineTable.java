package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Messages that could not be parsed, kept raw with their error so nothing is lost and they can be retried. */
public final class QuarantineTable {
    private final Tx tx;

    QuarantineTable(Tx tx) {
        this.tx = tx;
    }

    /** One quarantined message; {@code raw} is loaded only by {@link #find}. */
    public record Entry(long id, String mailbox, String folder, long uid, String sha256, String error, int attempts,
            long size, Instant createdAt, Optional<byte[]> raw) {
    }

    public long add(String mailbox, String folder, long uid, String sha256, String error, byte[] raw, Instant now) {
        tx.execute("INSERT INTO quarantine (mailbox, folder, uid, sha256, error, raw, created_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", mailbox, folder, uid, sha256, error, raw, now.toEpochMilli());
        return tx.lastInsertId();
    }

    /** A quarantined copy of exactly these bytes, so a re-listed broken message is not kept twice. */
    public Optional<Long> byHash(String mailbox, String sha256) {
        return tx.queryOne("SELECT id FROM quarantine WHERE mailbox = ? AND sha256 = ? LIMIT 1",
                row -> row.getLong(1), mailbox, sha256);
    }

    public List<Entry> list() {
        return tx.query("SELECT id, mailbox, folder, uid, sha256, error, attempts, length(raw), created_at_ms"
                + " FROM quarantine ORDER BY id", row -> new Entry(row.getLong(1), row.getString(2), row.getString(3),
                        row.getLong(4), row.getString(5), row.getString(6), row.getInt(7), row.getLong(8),
                        Instant.ofEpochMilli(row.getLong(9)), Optional.empty()));
    }

    public Optional<Entry> find(long id) {
        return tx.queryOne("SELECT id, mailbox, folder, uid, sha256, error, attempts, length(raw), created_at_ms, raw"
                + " FROM quarantine WHERE id = ?", row -> new Entry(row.getLong(1), row.getString(2),
                        row.getString(3), row.getLong(4), row.getString(5), row.getString(6), row.getInt(7),
                        row.getLong(8), Instant.ofEpochMilli(row.getLong(9)), Optional.of(row.getBytes(10))), id);
    }

    /** Another failed attempt: the newest error replaces the old one. */
    public void failedAgain(long id, String error) {
        tx.execute("UPDATE quarantine SET attempts = attempts + 1, error = ? WHERE id = ?", error, id);
    }

    /** Parsed at last: the ledger rows that pointed here now point at the stored message. */
    public void resolved(long id, long messageId) {
        tx.execute("UPDATE ledger SET outcome = 'stored', message_ref = ? WHERE outcome = 'quarantined'"
                + " AND message_ref = ?", messageId, id);
        tx.execute("DELETE FROM quarantine WHERE id = ?", id);
    }

    public int count(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM quarantine WHERE mailbox = ?", mailbox);
    }
}
