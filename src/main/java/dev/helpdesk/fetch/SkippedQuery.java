package dev.helpdesk.fetch;

import dev.helpdesk.mail.HeaderSummary;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.SetAsideTable;
import dev.helpdesk.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The messages left on the server (too big, unfetchable), each with what its header section says. */
public final class SkippedQuery {
    private final Store store;
    private final MessageParser parser;

    public SkippedQuery(Store store, MessageParser parser) {
        this.store = store;
        this.parser = parser;
    }

    /**
     * One message left on the server. {@code overLimit}: the maxMessageSize it exceeded, when that is why;
     * {@code requested}: the next `skipped fetch` or fetch takes it regardless of the limits.
     */
    public record Skipped(long id, String mailbox, String folder, long uid, long size, String reason,
            Optional<String> detail, Optional<Long> overLimit, boolean requested, Instant setAsideAt,
            HeaderSummary header) {
    }

    public List<Skipped> list(Optional<String> mailbox) {
        return store.read(tx -> tx.setAside().list(mailbox)).stream().map(this::describe).toList();
    }

    public Optional<Skipped> find(long id) {
        return store.read(tx -> tx.setAside().find(id)).map(this::describe);
    }

    /** Marks these for the next fetch of their mailbox to take regardless of the limits. */
    public void request(List<Long> ids) {
        store.inTransaction(tx -> {
            ids.forEach(id -> tx.setAside().request(id));
            return null;
        });
    }

    private Skipped describe(SetAsideTable.Entry e) {
        HeaderSummary header = e.headers().map(parser::summary)
                .orElse(new HeaderSummary(Optional.empty(), "", Optional.empty()));
        return new Skipped(e.id(), e.mailbox(), e.folder(), e.uid(), e.size(), e.reason().key(), e.detail(),
                e.overLimit(), e.requested(), e.setAsideAt(), header);
    }
}
