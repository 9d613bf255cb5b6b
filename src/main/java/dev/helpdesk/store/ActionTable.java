package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Server actions (mark seen, move, delete) queued in the same transaction as the messages they
 * follow, applied only after that commit and cleared once done: a crash between the two leaves
 * them here for the next run to finish. One the server refuses stays queued with the reason.
 */
public final class ActionTable {
    private final Tx tx;

    ActionTable(Tx tx) {
        this.tx = tx;
    }

    /**
     * One queued action on one server message; {@code action} is the config form (mark-seen, move:X, delete),
     * {@code lastError} why the last attempt failed.
     */
    public record Pending(long id, String folder, long uidValidity, long uid, String action, int attempts,
            Optional<String> lastError) {
    }

    /** Queues one action; the row as queued comes back, for applying it once this transaction committed. */
    public Pending queue(String mailbox, String folder, long uidValidity, long uid, String action, Instant now) {
        long id = tx.insert("INSERT INTO pending_actions (mailbox, folder, uidvalidity, uid, action, queued_at_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", mailbox, folder, uidValidity, uid, action,
                now.toEpochMilli());
        return new Pending(id, folder, uidValidity, uid, action, 0, Optional.empty());
    }

    public List<Pending> pending(String mailbox, String folder) {
        return tx.query("SELECT id, folder, uidvalidity, uid, action, attempts, last_error FROM pending_actions"
                + " WHERE mailbox = ? AND folder = ? ORDER BY id", ActionTable::read, mailbox, folder);
    }

    /** Every queued action of a mailbox, for status. */
    public List<Pending> pending(String mailbox) {
        return tx.query("SELECT id, folder, uidvalidity, uid, action, attempts, last_error FROM pending_actions"
                + " WHERE mailbox = ? ORDER BY id", ActionTable::read, mailbox);
    }

    public int countPending(String mailbox) {
        return (int) tx.count("SELECT count(*) FROM pending_actions WHERE mailbox = ?", mailbox);
    }

    public void done(List<Pending> actions) {
        // One statement for the batch, whatever its size (the ids as one JSON array): one prepared statement,
        // where an IN list of placeholders would be a new statement for each batch size.
        if (!actions.isEmpty()) {
            tx.execute("DELETE FROM pending_actions WHERE id IN (" + tx.engine().integersOfJsonArray() + ")",
                    actions.stream().map(action -> Long.toString(action.id()))
                            .collect(Collectors.joining(",", "[", "]")));
        }
    }

    /** The server refused them: they stay queued with the reason, one more attempt counted. */
    public void refused(List<Pending> actions, String reason) {
        for (Pending action : actions) {
            tx.execute("UPDATE pending_actions SET attempts = attempts + 1, last_error = ? WHERE id = ?", reason,
                    action.id());
        }
    }

    private static Pending read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Pending(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4), row.getString(5),
                row.getInt(6), Optional.ofNullable(row.getString(7)));
    }
}
