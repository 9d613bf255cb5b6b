package dev.helpdesk.fetch;

import dev.helpdesk.store.RunTable.Run;
import dev.helpdesk.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The run history as {@code helpdesk runs} shows it, read from a snapshot: it never waits for a fetch. */
public final class RunHistory {
    private final Store store;

    public RunHistory(Store store) {
        this.store = store;
    }

    /** Newest first: one mailbox's runs or everyone's, started at or after {@code since}, at most {@code limit}. */
    public List<Run> recent(Optional<String> mailbox, Optional<Instant> since, int limit) {
        return store.read(tx -> tx.runs().history(mailbox, since, limit));
    }
}
