package dev.helpdesk.fetch;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.RunTable;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run row of every mailbox's run, whatever failed: its outcome and counts, never an exit code. In the
 * same transaction it prunes the runs older than the retention, so the history stays bounded without a reading
 * command ever writing.
 */
public final class RunLog {
    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

    private final Store store;
    private final ProcessIdentity self;
    private final Clock clock;
    private final Duration retention;

    public RunLog(Store store, ProcessIdentity self, Clock clock, Duration retention) {
        this.store = store;
        this.self = self;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * The mailboxes in the order a run takes them: the one whose last run started longest ago first, never run
     * before that, ties in the order given. Every host reads the same runs, so together they serve the
     * longest-waiting mailboxes first.
     */
    List<MailboxConfig> longestWaitingFirst(List<MailboxConfig> mailboxes) {
        Map<String, Instant> started = store.read(tx -> {
            Map<String, Instant> last = new HashMap<>();
            mailboxes.forEach(mailbox -> tx.runs().lastStarted(mailbox.name())
                    .ifPresent(at -> last.put(mailbox.name(), at)));
            return last;
        });
        return mailboxes.stream()
                .sorted(Comparator.comparing(mailbox -> started.getOrDefault(mailbox.name(), Instant.MIN)))
                .toList();
    }

    /** A store that cannot take the row is logged; the run's other mailboxes go on. */
    void record(MailboxReport report, Instant start) {
        MailboxReport.Counts c = report.counts();
        try {
            int pruned = store.inTransaction(tx -> {
                tx.runs().add(new RunTable.Run(report.mailbox(), start, start.plus(report.took()),
                        report.outcome().key(), c.newMessages(), c.duplicates(), c.quarantined(), c.setAside(),
                        c.refused(), c.recovered(), c.actionsApplied(), c.remaining(), c.bytes(), report.error(),
                        self.pid(), self.host()));
                return tx.runs().prune(clock.instant().minus(retention),
                        Outcome.SUCCESSES.stream().map(Outcome::key).toList());
            });
            if (pruned > 0) {
                LOG.debug("pruned {} runs older than {}", pruned, retention);
            }
        } catch (RuntimeException e) {
            LOG.error("mailbox {}: could not record the run: {}", report.mailbox(), e.getMessage(), e);
        }
    }
}
