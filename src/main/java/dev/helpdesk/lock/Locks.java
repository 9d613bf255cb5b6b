package dev.helpdesk.lock;

import dev.helpdesk.store.LockRecord;
import dev.helpdesk.store.LockTable;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Named leases in the store, after the lock protocol of DESIGN.md: atomic acquire, takeover of
 * expired rows and of rows whose holder in our PID space is provably gone, fenced renewal and release. No
 * method ever signals another process; a busy lock is reported and the caller moves on.
 */
public final class Locks {
    private final Store store;
    private final Clock clock;
    private final ProcessLiveness liveness;
    private final ProcessIdentity self;

    public Locks(Store store, Clock clock, ProcessLiveness liveness, ProcessIdentity self) {
        this.store = store;
        this.clock = clock;
        this.liveness = liveness;
        this.self = self;
    }

    /** Takes the lock, or says who holds it. One IMMEDIATE transaction: exactly one racer wins. */
    public AcquireResult acquire(String name, Duration ttl) {
        return acquire(name, ttl, fence -> false);
    }

    /**
     * As {@link #acquire(String, Duration)}, except that a free lock whose fence {@code leave} accepts is not taken
     * ({@link AcquireResult.Left}, nothing written). The fence is read in the same transaction as the take, so no
     * other run can finish its turn between the look and the take.
     */
    public AcquireResult acquire(String name, Duration ttl, Predicate<LockTable.Fence> leave) {
        return store.inTransaction(tx -> {
            Instant now = now();
            Optional<LockStatus> previous = tx.locks().find(name).map(row -> judge(row, now));
            if (previous.isPresent() && !previous.get().verdict().free()) {
                return new AcquireResult.Busy(previous.get());
            }
            Optional<LockTable.Fence> fence = tx.locks().fence(name);
            if (fence.filter(leave).isPresent()) {
                return new AcquireResult.Left(fence.get());
            }
            long token = tx.locks().nextToken(name);
            Optional<PidSpace> pids = self.hostIdentity().pidSpace();
            tx.locks().put(new LockRecord(name, token, self.pid(), self.host(), pids.map(PidSpace::bootId),
                    pids.map(PidSpace::pidNamespace), self.startTicks(), self.start(), self.command(),
                    now, now, now.plus(ttl)));
            return new AcquireResult.Acquired(new Lease(name, token, ttl), previous);
        });
    }

    /**
     * The fenced renewal, inside the caller's transaction so that it commits with the caller's
     * writes: false means someone took the lock over, and the caller must roll back.
     */
    public boolean renew(Tx tx, Lease lease) {
        Instant now = now();
        return tx.locks().renew(lease.name(), lease.token(), now, now.plus(lease.ttl()));
    }

    /** The fenced renewal in a transaction of its own, for a heartbeat between writes. */
    public boolean renew(Lease lease) {
        return store.inTransaction(tx -> renew(tx, lease));
    }

    /** Gives the lock back; false when it had already been taken over (nothing is deleted then). */
    public boolean release(Lease lease) {
        return store.inTransaction(tx -> tx.locks().delete(lease.name(), lease.token()));
    }

    /** As {@link #release}, noting on the name's fence that this host has just drained its mailbox. */
    public boolean releaseDrained(Lease lease) {
        return store.inTransaction(tx -> {
            boolean released = tx.locks().delete(lease.name(), lease.token());
            if (released) {
                tx.locks().drained(lease.name(), now(), self.host());
            }
            return released;
        });
    }

    /**
     * Every name's fence, and the time they were read by the lease clock (the database server's when hosts share
     * the store): a run's view of who took what, as it begins.
     */
    public record Fences(Instant readAt, Map<String, LockTable.Fence> byName) {
        /** The last token handed out for {@code name} when these were read; 0 when it never had one. */
        public long token(String name) {
            return Optional.ofNullable(byName.get(name)).map(LockTable.Fence::token).orElse(0L);
        }
    }

    public Fences fences() {
        return store.read(tx -> new Fences(now(), tx.locks().fences()));
    }

    /**
     * Whether another host last finished draining under this fence's name. For sharing work only, where the host
     * name is what counts: each cron run of one host may have a PID namespace of its own (a container per run),
     * and two hosts sharing a name at worst drain a mailbox twice. Who may take a lock over is never judged by the
     * name (see {@link #verdictOf}).
     */
    public boolean drainedByAnotherHost(LockTable.Fence fence) {
        return fence.drainedBy().filter(host -> !host.equals(self.host())).isPresent();
    }

    /** Every lock row with its verdict, judged now; reads a snapshot, so it never waits for a writer. */
    public List<LockStatus> list() {
        return store.read(tx -> {
            Instant now = now();
            return tx.locks().all().stream().map(row -> judge(row, now)).toList();
        });
    }

    /**
     * The admin's release: frees a stale or expired row; a live or other-host holder only when
     * forced. Forcing kills nothing: the holder's next fenced write fails and it stops by itself.
     */
    public LockStatus releaseByAdmin(String name, boolean force) {
        return store.inTransaction(tx -> {
            Instant now = now();
            Optional<LockRecord> row = tx.locks().find(name);
            if (row.isEmpty()) {
                List<String> names = tx.locks().all().stream().map(LockRecord::name).toList();
                throw new LockException(LockException.Reason.UNKNOWN_NAME, "there is no lock named " + name + "; "
                        + (names.isEmpty() ? "no lock is held at all."
                                : "the locks that exist are: " + names.stream().collect(Collectors.joining(", ")) + "."));
            }
            LockStatus status = judge(row.get(), now);
            if (!status.verdict().free() && !force) {
                throw new LockException(LockException.Reason.HELD, "lock " + name + " is " + status.verdict().label() + " by "
                        + status.holder() + "; it is not stale or expired, so it was left alone. If you are"
                        + " sure that run is stuck, run `helpdesk lock release " + name + " --force`.");
            }
            tx.locks().delete(name, row.get().token());
            return status;
        });
    }

    /**
     * The verdict on a row, in the order that tells the admin the most. Only expiry or proof of death frees a
     * lock: the holder's process is looked up only when it ran in our PID space (same boot, same PID namespace),
     * and a row without one (an older helpdesk's) is alive until it expires. The clock is consulted for expiry
     * alone, so a clock step can make a lease run out early or late but never makes a live holder "gone".
     */
    LockVerdict verdictOf(LockRecord row, Instant now) {
        ProcessIdentity holder = holderOf(row);
        HostIdentity.Relation relation = self.hostIdentity().relationTo(holder.hostIdentity());
        if (relation == HostIdentity.Relation.SAME_PIDS && liveness.isGone(holder)) {
            return LockVerdict.STALE;
        }
        if (!now.isBefore(row.expiresAt())) {
            return LockVerdict.EXPIRED;
        }
        return relation == HostIdentity.Relation.OTHER ? LockVerdict.OTHER_HOST : LockVerdict.RUNNING;
    }

    /** The process a row names; a PID space only where the row has both of its parts. */
    static ProcessIdentity holderOf(LockRecord row) {
        Optional<PidSpace> pids = row.ownerBootId().filter(id -> !id.isBlank()).flatMap(boot -> row.ownerPidNamespace()
                .filter(ns -> !ns.isBlank()).map(ns -> new PidSpace(boot, ns)));
        return new ProcessIdentity(row.ownerPid(), new HostIdentity(row.ownerHost(), pids), row.ownerStartTicks(),
                row.ownerStart(), row.command());
    }

    private LockStatus judge(LockRecord row, Instant now) {
        return new LockStatus(row, verdictOf(row, now), now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
