package dev.helpdesk.store;

import java.time.Instant;
import java.util.Optional;

/** When monitoring last looked at a mailbox for one kind of news, so it reports only what came since. */
public final class CheckMarkTable {
    private final Tx tx;

    CheckMarkTable(Tx tx) {
        this.tx = tx;
    }

    public Optional<Instant> find(String mailbox, String kind) {
        return tx.queryOne("SELECT checked_at_ms FROM check_marks WHERE mailbox = ? AND kind = ?",
                row -> Instant.ofEpochMilli(row.getLong(1)), mailbox, kind);
    }

    public void put(String mailbox, String kind, Instant at) {
        tx.execute("INSERT INTO check_marks (mailbox, kind, checked_at_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (mailbox, kind) DO UPDATE SET checked_at_ms = excluded.checked_at_ms", mailbox, kind,
                at.toEpochMilli());
    }
}
