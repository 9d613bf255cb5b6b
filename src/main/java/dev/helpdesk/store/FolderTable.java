package dev.helpdesk.store;

import java.util.Optional;

/** Per mailbox and folder: the UIDVALIDITY we trust and the highest UID handled under it. */
public final class FolderTable {
    private final Tx tx;

    FolderTable(Tx tx) {
        this.tx = tx;
    }

    /** Where the last run stopped, or empty for a folder never drained. */
    public Optional<FolderState> find(String mailbox, String folder) {
        return tx.queryOne("SELECT uidvalidity, last_uid FROM folder_state WHERE mailbox = ? AND folder = ?",
                row -> new FolderState(row.getLong(1), row.getLong(2)), mailbox, folder);
    }

    public void put(String mailbox, String folder, FolderState state) {
        tx.execute("INSERT INTO folder_state (mailbox, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (mailbox, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
                + " last_uid = excluded.last_uid", mailbox, folder, state.uidValidity(), state.lastUid());
    }

    /** UIDVALIDITY and the highest UID handled under it. */
    public record FolderState(long uidValidity, long lastUid) {
        public FolderState {
            if (uidValidity < 0 || lastUid < 0) {
                throw new IllegalArgumentException("UIDs are non-negative: " + uidValidity + "/" + lastUid);
            }
        }
    }
}
