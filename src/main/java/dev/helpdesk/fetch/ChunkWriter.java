package dev.helpdesk.fetch;

import dev.helpdesk.store.LedgerTable;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.Optional;

/** Writes one message of a chunk and its ledger row, inside the chunk's transaction. */
final class ChunkWriter {
    private final Ingest ingest;
    private final String mailbox;
    private final String folder;
    private final long uidValidity;

    ChunkWriter(Ingest ingest, String mailbox, String folder, long uidValidity) {
        this.ingest = ingest;
        this.mailbox = mailbox;
        this.folder = folder;
        this.uidValidity = uidValidity;
    }

    Outcome write(Tx tx, long uid, byte[] raw, Instant now) {
        Ingest.Result result = ingest.store(tx, folder, uid, raw, now);
        ledger(tx, uid, result.messageId(), Optional.of(result.sha256()), raw.length, result.outcome(),
                Optional.of(result.ref()), Optional.empty(), now);
        return result.outcome();
    }

    /** An oversized message: recorded with its size and header section, its body never fetched, left on the server. */
    void oversized(Tx tx, long uid, long size, Optional<byte[]> headers, Instant now) {
        ledger(tx, uid, Optional.empty(), Optional.empty(), size, Outcome.OVERSIZED, Optional.empty(), headers, now);
    }

    private void ledger(Tx tx, long uid, Optional<String> messageId, Optional<String> sha256, long size,
            Outcome outcome, Optional<Long> ref, Optional<byte[]> headers, Instant now) {
        tx.ledger().add(new LedgerTable.Entry(mailbox, folder, uidValidity, uid, messageId, sha256, size, outcome,
                ref, headers, now));
    }
}
