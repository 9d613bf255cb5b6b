package dev.helpdesk.fetch;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.ActionTable.Pending;
import dev.helpdesk.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the status of each mailbox from a snapshot of the store and the lock table; writes and waits for nothing. */
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
        List<String> successes = Outcome.SUCCESSES.stream().map(Outcome::key).toList();
        return store.read(tx -> mailboxes.stream().map(name -> {
            List<Pending> pending = tx.actions().pending(name);
            Optional<String> refusedActions = pending.stream().flatMap(p -> p.lastError().stream()).findFirst()
                    .map(reason -> pending.stream().filter(p -> p.lastError().isPresent()).count()
                            + " of them refused by the server: " + reason);
            return new MailboxStatus(name, tx.messages().countMessages(name), tx.quarantine().count(name),
                    tx.setAside().count(name), pending.size(), refusedActions, tx.refusals().of(name),
                    tx.runs().last(name), tx.runs().lastWith(name, successes), tx.runs().lastError(name),
                    Optional.ofNullable(held.get(Fetch.lockName(name))));
        }).toList());
    }
}
