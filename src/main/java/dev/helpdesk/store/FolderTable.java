package dev.helpdesk.store;

import java.util.Optional;

/** Per mailbox and folder: the UIDVALIDITY we trust, the highest UID handled under it, and recovery progress. */
public final class FolderTable {
    private final Tx tx;

    FolderTable(Tx tx) {
        this.tx = tx;
    }

    /** Where the last run stopped, or empty for a folder never drained. */
    public Optional<FolderState> find(String mailbox, String folder) {
        return tx.queryOne("SELECT uidvalidity, last_uid, recovered_to FROM folder_state WHERE mailbox = ?"
                + " AND folder = ?", row -> {
                    long recovered = row.getLong(3);
                    Optional<Long> recoveredTo = row.wasNull() ? Optional.empty() : Optional.of(recovered);
                    return new FolderState(row.getLong(1), row.getLong(2), recoveredTo);
                }, mailbox, folder);
    }

    public void put(String mailbox, String folder, FolderState state) {
        tx.execute("INSERT INTO folder_state (mailbox, folder, uidvalidity, last_uid, recovered_to)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (mailbox, folder) DO UPDATE SET"
                + " uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid,"
                + " recovered_to = excluded.recovered_to", mailbox, folder, state.uidValidity(), state.lastUid(),
                state.recoveredTo().orElse(null));
    }

    /**
     * UIDVALIDITY and the highest UID handled under it (every message at or below it is in the ledger or gone).
     * {@code recoveredTo}: while a changed UIDVALIDITY is being recovered, the last UID whose message was
     * looked up by Message-ID; empty when no recovery is in progress.
     */
    public record FolderState(long uidValidity, long lastUid, Optional<Long> recoveredTo) {
        public FolderState {
            if (uidValidity < 0 || lastUid < 0) {
                throw new IllegalArgumentException("UIDs are non-negative: " + uidValidity + "/" + lastUid);
            }
            java.util.Objects.requireNonNull(recoveredTo, "recoveredTo");
        }

        public FolderState(long uidValidity, long lastUid) {
            this(uidValidity, lastUid, Optional.empty());
        }

        public FolderState withLastUid(long uid) {
            return new FolderState(uidValidity, uid, recoveredTo);
        }
    }
}
