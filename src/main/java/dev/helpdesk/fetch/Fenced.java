package dev.helpdesk.fetch;

import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.TxWork;

/** Store access of a lease holder: each write also renews the lease, or rolls back if it was lost. */
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
        return store.inTransaction(tx -> renewed(work.run(tx), tx));
    }

    /** As {@link #write}, on disk before it returns: for a chunk whose actions move or remove mail. */
    <T> T writeDurably(TxWork<T> work) {
        return store.inDurableTransaction(tx -> renewed(work.run(tx), tx));
    }

    private <T> T renewed(T result, dev.helpdesk.store.Tx tx) {
        if (!locks.renew(tx, lease)) {
            throw new LeaseLostException(mailbox);
        }
        return result;
    }

    /** A snapshot read: it neither waits for nor blocks other writers. */
    <T> T read(TxWork<T> work) {
        return store.read(work);
    }
}
