package dev.helpdesk.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Queues the action on each of these messages; the rows as queued come back in the same order, for applying
     * them once this transaction committed.
     */
    public List<Pending> queue(String mailbox, String folder, long uidValidity, List<Long> uids, String action,
            Instant now) {
        Map<Long, Long> idByUid = new HashMap<>();
        // RETURNING gives the rows in no promised order: each id is matched to its message by UID.
        Tx.inRows(uids, uid -> List.of(mailbox, folder, uidValidity, uid, action, now.toEpochMilli()),
                (rows, args) -> tx.forEach("INSERT INTO pending_actions (mailbox, folder, uidvalidity, uid, action,"
                        + " queued_at_ms) VALUES " + rows + " RETURNING uid, id",
                        row -> Map.entry(row.getLong(1), row.getLong(2)),
                        uidAndId -> idByUid.put(uidAndId.getKey(), uidAndId.getValue()), args));
        return uids.stream().map(uid -> new Pending(idByUid.get(uid), folder, uidValidity, uid, action, 0,
                Optional.empty())).toList();
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
