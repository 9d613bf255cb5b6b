package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;

/**
 * Server actions (mark seen, move, delete) queued in the same transaction as the messages they
 * follow, applied only after that commit and cleared once done: a crash between the two leaves
 * them here for the next run to finish.
 */
public final class ActionTable {
    private final Tx tx;

    ActionTable(Tx tx) {
        this.tx = tx;
    }

    /** One queued action on one server message; {@code action} is the config form (mark-seen, move:X, delete). */
    public record Pending(long id, String folder, long uidValidity, long uid, String action) {
    }

    public void queue(String mailbox, String folder, long uidValidity, long uid, String action, Instant now) {
        tx.execute("INSERT INTO pending_actions (mailbox, folder, uidvalidity, uid, action, queued_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?)", mailbox, folder, uidValidity, uid, action, now.toEpochMilli());
    }

    public List<Pending> pending(String mailbox, String folder) {
        return tx.query("SELECT id, folder, uidvalidity, uid, action FROM pending_actions"
                + " WHERE mailbox = ? AND folder = ? ORDER BY id",
                row -> new Pending(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4), row.getString(5)),
                mailbox, folder);
    }

    public int countPending(String mailbox) {
        return tx.queryOne("SELECT count(*) FROM pending_actions WHERE mailbox = ?", row -> row.getInt(1), mailbox)
                .orElse(0);
    }

    public void done(List<Pending> actions) {
        for (Pending action : actions) {
            tx.execute("DELETE FROM pending_actions WHERE id = ?", action.id());
        }
    }
}
