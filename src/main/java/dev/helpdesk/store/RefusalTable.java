package dev.helpdesk.store;

import java.time.Instant;
import java.util.List;

/**
 * Messages whose body the server refused (a tagged NO, NIL, no body) although they are still there: counted
 * once per run, so a refusal that keeps coming can be set aside instead of holding the folder back forever.
 */
public final class RefusalTable {
    private final Tx tx;

    RefusalTable(Tx tx) {
        this.tx = tx;
    }

    /** One refused message: in how many runs so far, and the server's latest words. */
    public record Refusal(String folder, long uidValidity, long uid, int runs, String detail, Instant lastAt) {
    }

    /** Counts one more run that was refused this message; returns how many runs have been now. */
    public int count(String mailbox, String folder, long uidValidity, long uid, String detail, Instant now) {
        tx.execute("INSERT INTO refusals (mailbox, folder, uidvalidity, uid, runs, detail, last_at_ms)"
                + " VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (mailbox, folder, uidvalidity, uid) DO UPDATE SET"
                + " runs = refusals.runs + 1, detail = excluded.detail, last_at_ms = excluded.last_at_ms",
                mailbox, folder, uidValidity, uid, detail, now.toEpochMilli());
        return (int) tx.count("SELECT runs FROM refusals WHERE mailbox = ? AND folder = ? AND uidvalidity = ?"
                + " AND uid = ?", mailbox, folder, uidValidity, uid);
    }

    /** Whether any message of this folder was refused: then a stored one may have refusals to forget. */
    public boolean any(String mailbox, String folder, long uidValidity) {
        return tx.queryOne("SELECT 1 FROM refusals WHERE mailbox = ? AND folder = ? AND uidvalidity = ? LIMIT 1",
                row -> true, mailbox, folder, uidValidity).isPresent();
    }

    /** The message came at last, or was set aside: forget its refusals. */
    public void clear(String mailbox, String folder, long uidValidity, long uid) {
        tx.execute("DELETE FROM refusals WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?", mailbox,
                folder, uidValidity, uid);
    }

    public List<Refusal> of(String mailbox) {
        return tx.query("SELECT folder, uidvalidity, uid, runs, detail, last_at_ms FROM refusals WHERE mailbox = ?"
                + " ORDER BY folder, uid", row -> new Refusal(row.getString(1), row.getLong(2), row.getLong(3),
                        row.getInt(4), row.getString(5), Instant.ofEpochMilli(row.getLong(6))), mailbox);
    }
}
