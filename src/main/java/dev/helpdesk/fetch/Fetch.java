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
        return run(mailboxes, false);
    }

    /**
     * Fetches only the set-aside messages an admin asked for ({@code helpdesk skipped fetch}), regardless of
     * the limits, under each mailbox's lock as any fetch.
     */
    public List<MailboxReport> fetchRequested(List<MailboxConfig> mailboxes) {
        return run(mailboxes, true);
    }

    /** The lock name of a mailbox: a constant of its configured name, nothing from the environment. */
    public static String lockName(String mailbox) {
        return "fetch:" + mailbox;
    }

    private List<MailboxReport> run(List<MailboxConfig> mailboxes, boolean onlyRequested) {
        List<MailboxReport> reports = new ArrayList<>();
        for (MailboxConfig mailbox : mailboxes) {
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
            reports.add(report);
        }
        return reports;
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
