package dev.helpdesk.fetch;

import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.ContentSink;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.QuarantineTable;
import dev.helpdesk.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Runs the current parser over quarantined raw messages and moves each one that parses into its
 * conversation. The raw bytes are dropped from quarantine only when they became a stored message or are a
 * true copy of one; otherwise they stay, with one more attempt counted.
 */
public final class QuarantineRetry {
    private final Store store;
    private final Ingests ingests;
    private final Path spoolDir;
    private final Clock clock;

    public QuarantineRetry(Store store, Ingests ingests, Path spoolDir, Clock clock) {
        this.store = store;
        this.ingests = ingests;
        this.spoolDir = spoolDir;
        this.clock = clock;
    }

    /** How one retry went: stored as a message (in a conversation, if it threads or opens one), or still failing. */
    public record Attempt(long quarantineId, boolean stored, Optional<Long> messageId, Optional<Long> conversation,
            String detail) {
    }

    public List<Long> ids() {
        return store.read(tx -> tx.quarantine().list().stream().map(QuarantineTable.Entry::id).toList());
    }

    /** Parsing happens outside the write transaction; one transaction per message records the result. */
    public Attempt retry(long id) {
        QuarantineTable.Entry entry = store.read(tx -> tx.quarantine().find(id)).orElseThrow(() ->
                new IllegalArgumentException("there is no quarantined message " + id
                        + "; `helpdesk quarantine list` shows them."));
        Ingest ingest = ingests.forMailbox(entry.mailbox());
        try (Spool spool = Spool.under(spoolDir)) {
            Content raw = spooled(entry, spool);
            Prepared prepared = ingest.prepare(raw, spool);
            return store.inTransaction(tx -> {
                if (prepared instanceof Prepared.NotMail notMail) {
                    tx.quarantine().failedAgain(id, notMail.error());
                    return new Attempt(id, false, Optional.empty(), Optional.empty(), "still cannot be read (attempt "
                            + (entry.attempts() + 1) + "): " + notMail.error());
                }
                Ingest.Result written = ingest.write(tx, entry.folder(), entry.uid(), prepared, clock.instant());
                tx.quarantine().resolved(id, written.ref(), written.outcome());
                Optional<Long> conversation = tx.messages().conversationOfMessage(written.ref());
                return new Attempt(id, true, Optional.of(written.ref()), conversation,
                        written.outcome() == Outcome.DUPLICATE ? "a copy of message " + written.ref() + ", stored before"
                                : "stored as message " + written.ref()
                                        + conversation.map(n -> " in conversation " + n).orElse(" (no conversation)"));
            });
        }
    }

    private Content spooled(QuarantineTable.Entry entry, Spool spool) {
        try (ContentSink sink = spool.sink()) {
            store.read(tx -> tx.blobs().copyTo(entry.sha256(), sink));
            return sink.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool quarantined message " + entry.id() + ": "
                    + e.getMessage(), e);
        }
    }
}
