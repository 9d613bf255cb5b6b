package dev.helpdesk.fetch;

import dev.helpdesk.config.Durations;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.LockVerdict;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.LockTable;
import dev.helpdesk.store.StoreAccessException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch use case: for each requested mailbox, take its lock, drain it, release the lock and record the
 * run. A failing or busy mailbox is reported and the others go on.
 *
 * <p>Several hosts may run it at once on one shared store: each run takes the longest-waiting mailboxes first,
 * leaves a mailbox to the host that holds its lease, or that drained it since this run began, and starts no
 * mailbox once its own time (limits.maxRunDuration) is spent. Those are shared work, not failures.
 */
public final class Fetch {
    private static final Logger LOG = LoggerFactory.getLogger(Fetch.class);

    private final Locks locks;
    private final MailboxDrain drain;
    private final RunLog runs;
    private final Duration lockTtl;
    private final Duration maxRunDuration;
    private final Clock clock;

    public Fetch(Locks locks, MailboxDrain drain, RunLog runs, Duration lockTtl, Duration maxRunDuration,
            Clock clock) {
        this.locks = locks;
        this.drain = drain;
        this.runs = runs;
        this.lockTtl = lockTtl;
        this.maxRunDuration = maxRunDuration;
        this.clock = clock;
    }

    /**
     * How far before its own start a run counts another host's finished drain as part of the same tick: hosts'
     * cron or timer ticks fire together, but their runs start seconds apart (JVM start, a randomised delay).
     * Ticks are a minute apart at the least, so a drain of the tick before is never taken for one of this tick
     * (at worst a mailbox drained in the last 30 s of a long run waits for the next tick).
     */
    public static final Duration SAME_TICK = Duration.ofSeconds(30);

    /**
     * What one run knows of its turn: whether it only fetches set-aside messages, when it stops starting
     * mailboxes, and each lock name's fence when it began (none where the admin's choice is never left to others).
     */
    private record Turn(boolean requested, Instant startBy, Optional<Locks.Fences> fences) {
        /**
         * Why a free lock is left to another run, judged by its fence as the lock would be taken: another run held
         * it since this one began (a token handed out since), or another host finished draining its mailbox in this
         * tick (since, or just before, this run began). A run still holding it when this one began, and done only
         * now, shows as the second.
         */
        Optional<String> leftToOthers(LockTable.Fence fence, String mailbox, Locks locks) {
            if (fences.isEmpty()) {
                return Optional.empty();
            }
            Locks.Fences began = fences.get();
            if (locks.drainedByAnotherHost(fence)
                    && !fence.drainedAt().orElseThrow().isBefore(began.readAt().minus(SAME_TICK))) {
                return Optional.of("drained by " + fence.drainedBy().orElseThrow() + " in this tick (done at "
                        + fence.drainedAt().orElseThrow() + "); left until the next");
            }
            if (fence.token() > began.token(lockName(mailbox))) {
                return Optional.of("drained by another run since this one began; left until the next (`helpdesk runs"
                        + " --mailbox " + mailbox + "` says which host)");
            }
            return Optional.empty();
        }
    }

    /** Fetches each mailbox in turn and returns one report per mailbox, in the order given. */
    public List<MailboxReport> run(List<MailboxConfig> mailboxes) {
        return run(mailboxes, 1);
    }

    /**
     * Fetches up to {@code jobs} mailboxes at once, each under its own lock on its own connection; the store
     * serialises their transactions within this process. The reports come back in the order given, as with one
     * job: real servers are remote, so the time is mostly waiting on the network, which the jobs share.
     */
    public List<MailboxReport> run(List<MailboxConfig> mailboxes, int jobs) {
        return run(mailboxes, Scope.TICK, jobs);
    }

    /**
     * As {@link #run(List, int)} for mailboxes an admin named ({@code helpdesk fetch --mailbox support}): each is
     * drained now even when another host drained it a moment ago, never while another run holds its lease.
     */
    public List<MailboxReport> runNamed(List<MailboxConfig> mailboxes, int jobs) {
        return run(mailboxes, Scope.NAMED, jobs);
    }

    /**
     * Fetches only the set-aside messages an admin asked for ({@code helpdesk skipped fetch}), regardless of
     * the limits, under each mailbox's lock as any fetch.
     */
    public List<MailboxReport> fetchRequested(List<MailboxConfig> mailboxes) {
        return run(mailboxes, Scope.SET_ASIDE, 1);
    }

    /** What a run is for, which decides what it leaves to others. */
    private enum Scope {
        /** Every mailbox, as cron or the timer runs it: shares the tick with the other hosts' runs. */
        TICK,
        /** Mailboxes an admin named: drained now, whoever drained them a moment ago. */
        NAMED,
        /** Set-aside messages an admin asked for: only those, regardless of the limits. */
        SET_ASIDE
    }

    /** The lock name of a mailbox: a constant of its configured name, nothing from the environment. */
    public static String lockName(String mailbox) {
        return "fetch:" + mailbox;
    }

    private List<MailboxReport> run(List<MailboxConfig> mailboxes, Scope scope, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("at least one job: " + jobs);
        }
        boolean onlyRequested = scope == Scope.SET_ASIDE;
        Turn turn = new Turn(onlyRequested, clock.instant().plus(maxRunDuration),
                scope == Scope.TICK ? Optional.of(locks.fences()) : Optional.empty());
        List<MailboxConfig> order = onlyRequested ? mailboxes : runs.longestWaitingFirst(mailboxes);
        Map<String, MailboxReport> reports = new ConcurrentHashMap<>();
        if (jobs == 1 || mailboxes.size() < 2) {
            order.forEach(mailbox -> reports.put(mailbox.name(), fetchAndRecord(mailbox, turn)));
        } else {
            runJobs(order, turn, jobs).forEach(report -> reports.put(report.mailbox(), report));
        }
        return mailboxes.stream().map(mailbox -> reports.get(mailbox.name())).toList();
    }

    private List<MailboxReport> runJobs(List<MailboxConfig> mailboxes, Turn turn, int jobs) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, mailboxes.size()), new ThreadFactory() {
            private int next;

            @Override
            public synchronized Thread newThread(Runnable runnable) {
                Thread thread = new Thread(runnable, "helpdesk-job-" + ++next);
                thread.setDaemon(true);
                return thread;
            }
        });
        try {
            List<Future<MailboxReport>> pending = new ArrayList<>();
            for (MailboxConfig mailbox : mailboxes) {
                pending.add(pool.submit(() -> fetchAndRecord(mailbox, turn)));
            }
            List<MailboxReport> reports = new ArrayList<>();
            Throwable failure = null;
            for (Future<MailboxReport> report : pending) {
                try {
                    reports.add(report.get());
                } catch (ExecutionException e) {
                    // fetchAndRecord catches everything but an Error while writing the run row. The other
                    // mailboxes still finish (leases released, rows written) before the store is closed.
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw failure instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("a mailbox's fetch failed: " + failure, failure);
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while mailboxes were being fetched", e);
        } finally {
            pool.shutdown();
        }
    }

    /** Another host's live lease is shared work (elsewhere); a live run of this host's is busy. */
    private MailboxReport busy(MailboxConfig mailbox, LockStatus holder, Instant start) {
        boolean otherHost = holder.verdict() == LockVerdict.OTHER_HOST;
        return new MailboxReport(mailbox.name(), otherHost ? Outcome.ELSEWHERE : Outcome.BUSY,
                MailboxReport.Counts.NONE, Duration.between(start, clock.instant()), Optional.of(otherHost
                        ? "being drained by " + holder.holder() + "; left to it"
                        : "the lock " + lockName(mailbox.name()) + " is held by " + holder.holder()
                                + "; left alone (see `helpdesk lock show`)."));
    }

    /** One mailbox, whatever happens to it, and its run row (none when it was left to another run). */
    private MailboxReport fetchAndRecord(MailboxConfig mailbox, Turn turn) {
        Instant start = clock.instant();
        if (!turn.requested() && start.isAfter(turn.startBy())) {
            return new MailboxReport(mailbox.name(), Outcome.DEFERRED, MailboxReport.Counts.NONE, Duration.ZERO,
                    Optional.of("not started: this run's time (limits.maxRunDuration, "
                            + Durations.format(maxRunDuration) + ") was spent; the next run takes it first"));
        }
        MailboxReport report;
        try {
            report = fetchOne(mailbox, turn, start);
        } catch (StoreAccessException e) {
            throw e; // the run ends: every mailbox needs the database (Main says so, exit 69)
        } catch (Throwable e) { // even an Error taking the lock fails this mailbox only, and leaves its run row
            LOG.error("mailbox {}: fetch failed", mailbox.name(), e);
            report = new MailboxReport(mailbox.name(), Outcome.FAILED, MailboxReport.Counts.NONE,
                    Duration.between(start, clock.instant()), Optional.of("internal error: " + e
                            + ". Run again with --verbose for details, and please report it."));
        }
        if (report.outcome() != Outcome.ELSEWHERE) {
            runs.record(report, start);
        }
        return report;
    }

    private MailboxReport fetchOne(MailboxConfig mailbox, Turn turn, Instant start) {
        AcquireResult acquired = locks.acquire(lockName(mailbox.name()), lockTtl,
                fence -> turn.leftToOthers(fence, mailbox.name(), locks).isPresent());
        if (acquired instanceof AcquireResult.Busy busy) {
            return busy(mailbox, busy.holder(), start);
        }
        if (acquired instanceof AcquireResult.Left left) {
            return new MailboxReport(mailbox.name(), Outcome.ELSEWHERE, MailboxReport.Counts.NONE,
                    Duration.between(start, clock.instant()), turn.leftToOthers(left.fence(), mailbox.name(), locks));
        }
        Lease lease = ((AcquireResult.Acquired) acquired).lease();
        ((AcquireResult.Acquired) acquired).tookOver().ifPresent(old -> LOG.warn("mailbox {}: took over lock {} ({},"
                + " was {})", mailbox.name(), lease.name(), old.holder(), old.verdict().label()));
        MailboxReport report;
        try {
            report = drain.drain(mailbox, lease, turn.requested());
        } catch (RuntimeException | Error e) {
            try {
                locks.release(lease);
            } catch (RuntimeException also) {
                e.addSuppressed(also); // the database went away, say: what happened to the mailbox comes first
            }
            throw e;
        }
        boolean drained = Outcome.SUCCESSES.contains(report.outcome());
        if (!(drained ? locks.releaseDrained(lease) : locks.release(lease)) && report.outcome() != Outcome.LEASE_LOST) {
            // Taken over while we ran, though we had nothing left to write when it happened: say so, not "ok".
            return new MailboxReport(mailbox.name(), Outcome.LEASE_LOST, report.counts(), report.took(),
                    Optional.of("another run took the lock " + lease.name() + " over while this one was working (its"
                            + " lease had expired); what this run wrote before is kept, and the run holding the lock"
                            + " now carries on. If runs regularly outlast lockTtl, raise lockTtl."));
        }
        return report;
    }
}
