package dev.helpdesk.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The UID ledger: one row per server message we handled, keyed (mailbox, folder, uidvalidity, uid). */
public final class LedgerTable {
    private final Tx tx;

    LedgerTable(Tx tx) {
        this.tx = tx;
    }

    /** What happened to a server message. */
    public enum Outcome {
        STORED, DUPLICATE, QUARANTINED, SET_ASIDE;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One ledger row. {@code messageRef} is the message, quarantine or set-aside row it produced. */
    public record Entry(String mailbox, String folder, long uidValidity, long uid, Optional<String> messageId,
            Optional<String> sha256, long size, Outcome outcome, Optional<Long> messageRef, Instant recordedAt) {
        public Entry {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(messageRef, "messageRef");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }
    }

    public void add(Entry entry) {
        add(List.of(entry));
    }

    /** Adds the rows in order, many to a statement. */
    public void add(List<Entry> entries) {
        Tx.inRows(entries, entry -> Arrays.asList(entry.mailbox(), entry.folder(), entry.uidValidity(), entry.uid(),
                entry.messageId().orElse(null), entry.sha256().orElse(null), entry.size(), entry.outcome().key(),
                entry.messageRef().orElse(null), entry.recordedAt().toEpochMilli()),
                (rows, args) -> tx.execute("INSERT INTO ledger (mailbox, folder, uidvalidity, uid, message_id, sha256,"
                        + " size, outcome, message_ref, recorded_at_ms) VALUES " + rows, args));
    }

    /** Removes the row of the message {@code entry} is about, which a new row replaces. */
    public void remove(Entry entry) {
        tx.execute("DELETE FROM ledger WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
                entry.mailbox(), entry.folder(), entry.uidValidity(), entry.uid());
    }

    /** Which of these UIDs the ledger already holds under this UIDVALIDITY: one range query, not one per UID. */
    public Set<Long> known(String mailbox, String folder, long uidValidity, List<Long> uids) {
        if (uids.isEmpty()) {
            return Set.of();
        }
        long low = uids.stream().mapToLong(Long::longValue).min().orElseThrow();
        long high = uids.stream().mapToLong(Long::longValue).max().orElseThrow();
        Set<Long> wanted = new HashSet<>(uids);
        Set<Long> known = new HashSet<>();
        for (Long uid : tx.query("SELECT uid FROM ledger WHERE mailbox = ? AND folder = ? AND uidvalidity = ?"
                + " AND uid BETWEEN ? AND ?", row -> row.getLong(1), mailbox, folder, uidValidity, low, high)) {
            if (wanted.contains(uid)) {
                known.add(uid);
            }
        }
        return known;
    }

    public int count(String mailbox, Outcome outcome) {
        return tx.queryOne("SELECT count(*) FROM ledger WHERE mailbox = ? AND outcome = ?",
                row -> row.getInt(1), mailbox, outcome.key()).orElse(0);
    }
}
