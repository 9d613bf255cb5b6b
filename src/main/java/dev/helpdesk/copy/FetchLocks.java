package dev.helpdesk.copy;

import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fetch locks of several mailboxes, taken together and held as a fetch holds one: renewed while the work
 * goes on, so a long copy never lets its leases run out and a fetch take over, and given back at the end.
 */
final class FetchLocks implements AutoCloseable {
    /** The first mailbox whose lock a live run holds, and who that is. */
    record Busy(String mailbox, String lock, String holder) {
    }

    /** Another run took a lease over (it had run out after all); whatever relied on holding it must stop. */
    static final class TakenOver extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TakenOver(String lock) {
            super(lock);
        }
    }

    private final Locks locks;
    private final UnaryOperator<String> lockName;
    private final Duration ttl;
    private final Clock clock;
    private final List<Lease> held = new ArrayList<>();
    private Instant renewed;

    FetchLocks(Locks locks, UnaryOperator<String> lockName, Duration ttl, Clock clock) {
        this.locks = locks;
        this.lockName = lockName;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Takes the lock of every mailbox in turn; at the first one a live run holds, gives back those already taken
     * and says which mailbox that was.
     */
    Optional<Busy> take(List<String> mailboxes) {
        for (String mailbox : mailboxes) {
            String name = lockName.apply(mailbox);
            AcquireResult result = locks.acquire(name, ttl);
            if (result instanceof AcquireResult.Busy busy) {
                close();
                return Optional.of(new Busy(mailbox, name, busy.holder().holder()));
            }
            held.add(((AcquireResult.Acquired) result).lease());
        }
        renewed = clock.instant();
        return Optional.empty();
    }

    /**
     * Renews every lease once a third of its time has passed, as a fetch's heartbeat does; cheap to call often.
     *
     * @throws TakenOver when a lease was taken over meanwhile
     */
    void renewWhenDue() {
        if (held.isEmpty() || Duration.between(renewed, clock.instant()).compareTo(ttl.dividedBy(3)) < 0) {
            return;
        }
        for (Lease lease : held) {
            if (!locks.renew(lease)) {
                throw new TakenOver(lease.name());
            }
        }
        renewed = clock.instant();
    }

    /** Gives every lease back; one taken over meanwhile is left to its new holder. */
    @Override
    public void close() {
        held.forEach(locks::release);
        held.clear();
    }
}
