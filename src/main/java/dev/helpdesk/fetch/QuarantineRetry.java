package dev.helpdesk.fetch;

import dev.helpdesk.config.Config;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.QuarantineTable;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Runs the current parser over quarantined raw messages and moves each one that parses into its conversation. */
public final class QuarantineRetry {
    private final Store store;
    private final Config config;
    private final Fetch fetch;
    private final Clock clock;

    public QuarantineRetry(Store store, Config config, Fetch fetch, Clock clock) {
        this.store = store;
        this.config = config;
        this.fetch = fetch;
        this.clock = clock;
    }

    /** How one retry went: stored as a message (in a conversation, if it threads or opens one), or still failing. */
    public record Attempt(long quarantineId, boolean stored, Optional<Long> messageId, Optional<Long> conversation,
            String detail) {
    }

    public List<Long> ids() {
        return store.inTransaction(tx -> tx.quarantine().list().stream().map(QuarantineTable.Entry::id).toList());
    }

    /** One transaction per message: a retry that fails leaves the row with one more attempt and the new error. */
    public Attempt retry(long id) {
        return store.inTransaction(tx -> {
            QuarantineTable.Entry entry = tx.quarantine().find(id).orElseThrow(() -> new IllegalArgumentException(
                    "there is no quarantined message " + id + "; `helpdesk quarantine list` shows them."));
            byte[] raw = entry.raw().orElseThrow();
            Ingest ingest = config.mailbox(entry.mailbox()).map(fetch::ingestFor)
                    .orElseGet(() -> fetch.ingestFor(entry.mailbox()));
            Ingest.Result result = ingest.retry(tx, entry.folder(), raw, clock.instant());
            if (result.outcome() == Outcome.QUARANTINED) {
                tx.quarantine().failedAgain(id, result.error().orElse("unknown error"));
                return new Attempt(id, false, Optional.empty(), Optional.empty(),
                        "still cannot be parsed (attempt " + (entry.attempts() + 1) + "): " + result.error().orElse(""));
            }
            tx.quarantine().resolved(id, result.ref());
            Optional<Long> conversation = tx.messages().conversationOfMessage(result.ref());
            return new Attempt(id, true, Optional.of(result.ref()), conversation,
                    result.outcome() == Outcome.DUPLICATE ? "already stored as message " + result.ref()
                            : "stored as message " + result.ref()
                                    + conversation.map(n -> " in conversation " + n).orElse(" (no conversation)"));
        });
    }
}
