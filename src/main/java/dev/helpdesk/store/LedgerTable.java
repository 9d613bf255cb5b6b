package dev.helpdesk.store;

import java.time.Instant;
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
        STORED, DUPLICATE, QUARANTINED, OVERSIZED;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One ledger row. {@code messageRef} is the message or quarantine row it produced, if any. */
    public record Entry(String mailbox, String folder, long uidValidity, long uid, Optional<String> messageId,
            Optional<String> sha256, long size, Outcome outcome, Optional<Long> messageRef, Optional<byte[]> headers,
            Instant recordedAt) {
        public Entry {
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(messageRef, "messageRef");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }
    }

    public void add(Entry entry) {
        tx.execute("INSERT INTO ledger (mailbox, folder, uidvalidity, uid, message_id, sha256, size, outcome,"
                + " message_ref, headers, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.mailbox(), entry.folder(), entry.uidValidity(), entry.uid(), entry.messageId().orElse(null),
                entry.sha256().orElse(null), entry.size(), entry.outcome().key(), entry.messageRef().orElse(null),
                entry.headers().orElse(null), entry.recordedAt().toEpochMilli());
    }

    /** Which of these UIDs the ledger already holds under this UIDVALIDITY. */
    public Set<Long> known(String mailbox, String folder, long uidValidity, List<Long> uids) {
        Set<Long> known = new HashSet<>();
        for (Long uid : uids) {
            if (tx.queryOne("SELECT 1 FROM ledger WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
                    row -> true, mailbox, folder, uidValidity, uid).isPresent()) {
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
