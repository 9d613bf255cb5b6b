package dev.helpdesk.fetch;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
public final class Fetch {
    private static final Logger LOG = LoggerFactory.getLogger(Fetch.class);

    private final Locks locks;
    private final MailboxDrain drain;
    private final RunLog runs;
    private final Duration lockTtl;
    private final Clock clock;

    public Fetch(Locks locks, MailboxDrain drain, RunLog runs, Duration lockTtl, Clock clock) {
        this.locks = locks;
        this.drain = drain;
        this.runs = runs;
        this.lockTtl = lockTtl;
        this.clock = clock;
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
        return run(mailboxes, false, jobs);
    }

    /**
     * Fetches only the set-aside messages an admin asked for ({@code helpdesk skipped fetch}), regardless of
     * the limits, under each mailbox's lock as any fetch.
     */
    public List<MailboxReport> fetchRequested(List<MailboxConfig> mailboxes) {
        return run(mailboxes, true, 1);
    }

    /** The lock name of a mailbox: a constant of its configured name, nothing from the environment. */
    public static String lockName(String mailbox) {
        return "fetch:" + mailbox;
    }

    private List<MailboxReport> run(List<MailboxConfig> mailboxes, boolean onlyRequested, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("at least one job: " + jobs);
        }
        if (jobs == 1 || mailboxes.size() < 2) {
            return mailboxes.stream().map(mailbox -> fetchAndRecord(mailbox, onlyRequested)).toList();
        }
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
                pending.add(pool.submit(() -> fetchAndRecord(mailbox, onlyRequested)));
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

    /** One mailbox, whatever happens to it, and its run row. */
    private MailboxReport fetchAndRecord(MailboxConfig mailbox, boolean onlyRequested) {
        Instant start = clock.instant();
        MailboxReport report;
        try {
            report = fetchOne(mailbox, onlyRequested, start);
        } catch (Throwable e) { // even an Error taking the lock fails this mailbox only, and leaves its run row
            LOG.error("mailbox {}: fetch failed", mailbox.name(), e);
            report = new MailboxReport(mailbox.name(), Outcome.FAILED, MailboxReport.Counts.NONE,
                    Duration.between(start, clock.instant()), Optional.of("internal error: " + e
                            + ". Run again with --verbose for details, and please report it."));
        }
        runs.record(report, start);
        return report;
    }

    private MailboxReport fetchOne(MailboxConfig mailbox, boolean onlyRequested, Instant start) {
        AcquireResult acquired = locks.acquire(lockName(mailbox.name()), lockTtl);
        if (acquired instanceof AcquireResult.Busy busy) {
            return new MailboxReport(mailbox.name(), Outcome.BUSY, MailboxReport.Counts.NONE,
                    Duration.between(start, clock.instant()), Optional.of("the lock " + lockName(mailbox.name())
                            + " is held by " + busy.holder().holder() + "; left alone (see `helpdesk lock show`)."));
        }
        Lease lease = ((AcquireResult.Acquired) acquired).lease();
        ((AcquireResult.Acquired) acquired).tookOver().ifPresent(old -> LOG.warn("mailbox {}: took over lock {} ({},"
                + " was {})", mailbox.name(), lease.name(), old.holder(), old.verdict().label()));
        try {
            return drain.drain(mailbox, lease, onlyRequested);
        } finally {
            locks.release(lease);
        }
    }
}
