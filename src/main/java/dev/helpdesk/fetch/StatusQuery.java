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

/**
 * Reads the status of each mailbox from a snapshot of the store and the lock table; writes and waits for nothing.
 * What "last success" means is decided here once, for status, check and metrics alike.
 */
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
            int refused = (int) pending.stream().filter(p -> p.lastError().isPresent()).count();
            Optional<String> refusedActions = pending.stream().flatMap(p -> p.lastError().stream()).findFirst()
                    .map(reason -> refused + " of them refused by the server: " + reason);
            return new MailboxStatus(name, tx.messages().countMessages(name), tx.quarantine().count(name),
                    tx.setAside().count(name), pending.size(), refused, refusedActions, tx.refusals().of(name),
                    tx.runs().last(name), tx.runs().lastWith(name, successes), tx.runs().lastError(name),
                    Optional.ofNullable(held.get(Fetch.lockName(name))));
        }).toList());
    }
}
