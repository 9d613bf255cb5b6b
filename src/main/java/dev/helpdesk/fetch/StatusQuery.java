package dev.helpdesk.fetch;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.Store;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the status of each mailbox from the store and the lock table; writes nothing. */
public final class StatusQuery {
    private final Store store;
    private final Locks locks;

    public StatusQuery(Store store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    public List<MailboxStatus> of(List<String> mailboxes) {
        Map<String, LockStatus> held = locks.list().stream()
                .collect(Collectors.toMap(lock -> lock.row().name(), Function.identity()));
        return store.inTransaction(tx -> mailboxes.stream().map(name -> new MailboxStatus(name,
                tx.messages().countMessages(name), tx.quarantine().count(name),
                tx.setAside().count(name), tx.actions().countPending(name),
                tx.runs().last(name), tx.runs().lastSuccess(name), tx.runs().lastError(name),
                java.util.Optional.ofNullable(held.get(Fetch.lockName(name))))).toList());
    }
}
