package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the token_caches table: each OAuth mailbox's msal4j cache, sealed by the caller (this table never sees
 * a token in the clear), and the note that the mailbox needs a new login. Every method runs inside the caller's
 * transaction; a write belongs in the same transaction as the fenced renewal of the mailbox's lease.
 */
public final class TokenCacheTable {
    private final Tx tx;

    TokenCacheTable(Tx tx) {
        this.tx = tx;
    }

    /** One mailbox's row. */
    public record Row(String mailbox, Optional<byte[]> sealed, Optional<String> loginRequired, Instant updatedAt,
            String updatedByHost) {
    }

    public Optional<Row> find(String mailbox) {
        return tx.queryOne("SELECT mailbox, sealed, login_required, updated_at_ms, updated_by_host FROM token_caches"
                + " WHERE mailbox = ?", row -> new Row(row.getString(1), Optional.ofNullable(row.getBytes(2)),
                        Optional.ofNullable(row.getString(3)), Instant.ofEpochMilli(row.getLong(4)), row.getString(5)),
                mailbox);
    }

    public List<String> mailboxes() {
        return tx.query("SELECT mailbox FROM token_caches ORDER BY mailbox", row -> row.getString(1));
    }

    /** Replaces the sealed cache as a whole. */
    public void putSealed(String mailbox, byte[] sealed, Instant now, String host) {
        tx.execute("INSERT INTO token_caches (mailbox, sealed, updated_at_ms, updated_by_host) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (mailbox) DO UPDATE SET sealed = excluded.sealed,"
                + " updated_at_ms = excluded.updated_at_ms, updated_by_host = excluded.updated_by_host",
                mailbox, sealed, now.toEpochMilli(), host);
    }

    /** Sets (a reason) or clears (empty) the note that the mailbox needs `auth login`. */
    public void putLoginRequired(String mailbox, Optional<String> reason, Instant now, String host) {
        tx.execute("INSERT INTO token_caches (mailbox, login_required, updated_at_ms, updated_by_host)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (mailbox) DO UPDATE SET login_required = excluded.login_required,"
                + " updated_at_ms = excluded.updated_at_ms, updated_by_host = excluded.updated_by_host",
                mailbox, reason.orElse(null), now.toEpochMilli(), host);
    }

    /** Forgets the mailbox's cache and note; true when there was a row. */
    public boolean delete(String mailbox) {
        return tx.execute("DELETE FROM token_caches WHERE mailbox = ?", mailbox) == 1;
    }
}
