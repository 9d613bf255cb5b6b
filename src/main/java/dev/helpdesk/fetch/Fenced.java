package dev.helpdesk.fetch;

import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.TxWork;

/** Store writes of a lease holder: each transaction also renews the lease, or rolls back if it was lost. */
final class Fenced {
    private final Store store;
    private final Locks locks;
    private final Lease lease;
    private final String mailbox;

    Fenced(Store store, Locks locks, Lease lease, String mailbox) {
        this.store = store;
        this.locks = locks;
        this.lease = lease;
        this.mailbox = mailbox;
    }

    <T> T write(TxWork<T> work) {
        return store.inTransaction(tx -> {
            T result = work.run(tx);
            if (!locks.renew(tx, lease)) {
                throw new LeaseLostException(mailbox);
            }
            return result;
        });
    }

    <T> T read(TxWork<T> work) {
        return store.inTransaction(work);
    }
}
