package dev.helpdesk.fetch;

import dev.helpdesk.store.LedgerTable;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.SetAsideTable;
import dev.helpdesk.store.SetAsideTable.Reason;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger side of a chunk, inside its transaction: one row per server message handled, and the set-aside
 * rows of messages left on the server. A set-aside message fetched at last replaces its ledger row and
 * leaves the set-aside list. The ledger rows are gathered and written together by {@link #flush}.
 */
final class ChunkWriter {
    private final String mailbox;
    private final String folder;
    private final long uidValidity;
    private final List<LedgerTable.Entry> ledger = new ArrayList<>();

    ChunkWriter(String mailbox, String folder, long uidValidity) {
        this.mailbox = mailbox;
        this.folder = folder;
        this.uidValidity = uidValidity;
    }

    /** A message the drain takes: new, or set aside earlier ({@code setAside}) and due now. */
    record Item(long uid, long size, boolean tooBig, Optional<SetAsideTable.Entry> setAside) {
    }

    /** A fetched message became {@code written}. */
    void fetched(Tx tx, Item item, Ingest.Result written, Instant now) {
        LedgerTable.Entry entry = new LedgerTable.Entry(mailbox, folder, uidValidity, item.uid(),
                written.messageId(), Optional.of(written.sha256()), item.size(), written.outcome(),
                Optional.of(written.ref()), now);
        if (item.setAside().isPresent()) {
            tx.ledger().remove(entry);
            tx.setAside().remove(item.setAside().get().id());
        }
        ledger.add(entry);
    }

    /** Left on the server and listed by `helpdesk skipped list`; its body is not fetched again on its own. */
    void setAside(Tx tx, Item item, Reason reason, Optional<String> detail, Optional<Long> overLimit,
            Optional<byte[]> headers, Instant now) {
        long id = tx.setAside().add(mailbox, folder, uidValidity, item.uid(), item.size(), reason, detail, overLimit,
                headers, now);
        if (item.setAside().isEmpty()) {
            ledger.add(new LedgerTable.Entry(mailbox, folder, uidValidity, item.uid(), Optional.empty(),
                    Optional.empty(), item.size(), Outcome.SET_ASIDE, Optional.of(id), now));
        }
    }

    /** Writes the ledger rows gathered since the last flush, in the order they came. */
    void flush(Tx tx) {
        tx.ledger().add(ledger);
        ledger.clear();
    }
}
