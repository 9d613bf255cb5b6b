package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.mail.Credential;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.ImapEndpoint;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.RunTable;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch use case: for each requested mailbox, take its lock, log in, drain its folders and
 * record the run. A failing or busy mailbox is reported and the others go on.
 */
public final class Fetch {
    private static final Logger LOG = LoggerFactory.getLogger(Fetch.class);

    private final Config config;
    private final Store store;
    private final Locks locks;
    private final CredentialSource credentials;
    private final ImapClient imap;
    private final Ingests ingests;
    private final Clock clock;
    private final ProcessIdentity self;
    private final ToIntFunction<Outcome> exitCodes;
    private final Checkpoints checkpoints;
    private final Tuning tuning;

    public Fetch(Config config, Store store, Locks locks, CredentialSource credentials, ImapClient imap,
            MessageParser parser, Clock clock, ProcessIdentity self, ToIntFunction<Outcome> exitCodes,
            Checkpoints checkpoints, Tuning tuning) {
        this.config = config;
        this.store = store;
        this.locks = locks;
        this.credentials = credentials;
        this.imap = imap;
        this.ingests = new Ingests(parser, config);
        this.clock = clock;
        this.self = self;
        this.exitCodes = exitCodes;
        this.checkpoints = checkpoints;
        this.tuning = tuning;
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

    private List<MailboxReport> run(List<MailboxConfig> mailboxes, boolean onlyRequested) {
        Spool.removeStale(spoolDir(), java.time.Duration.ofDays(1));
        List<MailboxReport> reports = new ArrayList<>();
        for (MailboxConfig mailbox : mailboxes) {
            Instant start = clock.instant();
            MailboxReport report;
            try {
                report = fetchOne(mailbox, onlyRequested);
            } catch (Throwable e) { // an Error (out of memory included) fails this mailbox only; the run goes on
                LOG.error("mailbox {}: fetch failed", mailbox.name(), e);
                report = report(mailbox, Outcome.FAILED, MailboxReport.Counts.NONE, start,
                        Optional.of("internal error: " + e + ". Run again with --verbose for details, and please"
                                + " report it."));
            }
            record(report, start);
            reports.add(report);
        }
        return reports;
    }

    private Path spoolDir() {
        return new DataDir(config.dataDir()).spool();
    }

    /** The lock name of a mailbox: a constant of its configured name, nothing from the environment. */
    public static String lockName(String mailbox) {
        return "fetch:" + mailbox;
    }

    private MailboxReport fetchOne(MailboxConfig mailbox, boolean onlyRequested) {
        Instant start = clock.instant();
        AcquireResult acquired = locks.acquire(lockName(mailbox.name()), config.lockTtl());
        if (acquired instanceof AcquireResult.Busy busy) {
            return report(mailbox, Outcome.BUSY, MailboxReport.Counts.NONE, start,
                    Optional.of("the lock " + lockName(mailbox.name()) + " is held by " + busy.holder().holder()
                            + "; left alone (see `helpdesk lock show`)."));
        }
        Lease lease = ((AcquireResult.Acquired) acquired).lease();
        ((AcquireResult.Acquired) acquired).tookOver().ifPresent(old -> LOG.warn("mailbox {}: took over lock {} ({},"
                + " was {})", mailbox.name(), lease.name(), old.holder(), old.verdict().label()));
        try {
            return drain(mailbox, lease, start, onlyRequested);
        } catch (MessageFailure e) {
            LOG.error("mailbox {}: fetch failed at {}", mailbox.name(), e.getMessage(), e.getCause());
            return report(mailbox, Outcome.FAILED, MailboxReport.Counts.NONE, start, Optional.of(e.getMessage()
                    + (e.getCause() == null ? "" : ". Run again with --verbose for details.")));
        } catch (RuntimeException e) {
            // A bug or a store failure in one mailbox is reported as that mailbox's failure (exit 1);
            // the other mailboxes still get their turn.
            LOG.error("mailbox {}: fetch failed", mailbox.name(), e);
            return report(mailbox, Outcome.FAILED, MailboxReport.Counts.NONE, start,
                    Optional.of("internal error: " + e + ". Run again with --verbose for details, and please report it."));
        } finally {
            locks.release(lease);
        }
    }

    private MailboxReport drain(MailboxConfig mailbox, Lease lease, Instant start, boolean onlyRequested) {
        Fenced fenced = new Fenced(store, locks, lease, mailbox.name());
        ActionApplier actions = new ActionApplier(fenced, checkpoints, mailbox.name());
        FolderDrain drain = new FolderDrain(fenced, actions, ingests.forMailbox(mailbox), checkpoints, tuning, clock,
                mailbox.name(), mailbox.afterFetch(), spoolDir());
        Budget budget = new Budget(config.limits(), clock);
        MailboxReport.Counts counts = MailboxReport.Counts.NONE;
        List<String> folderErrors = new ArrayList<>();
        try (MailSession session = connect(mailbox)) {
            for (String folderName : mailbox.folders()) {
                try (FolderSession folder = session.open(folderName)) {
                    counts = counts.plus(drain.drain(folder, folderName, budget, onlyRequested));
                } catch (MailException e) {
                    if (e.kind() != MailException.Kind.FOLDER) {
                        throw e;
                    }
                    folderErrors.add(e.getMessage());
                }
            }
        } catch (CredentialException e) {
            return report(mailbox, outcomeOf(e), counts, start, Optional.of(e.getMessage()));
        } catch (MailException e) {
            return report(mailbox, Outcome.UNREACHABLE, counts, start, Optional.of(e.getMessage()));
        } catch (LeaseLostException e) {
            return report(mailbox, Outcome.LEASE_LOST, counts, start, Optional.of(e.getMessage()));
        }
        if (!folderErrors.isEmpty()) {
            return report(mailbox, Outcome.MISCONFIGURED, counts, start, Optional.of(String.join(" ", folderErrors)));
        }
        return report(mailbox, counts.quarantined() > 0 ? Outcome.QUARANTINED : Outcome.OK, counts, start,
                counts.quarantined() > 0 ? Optional.of(counts.quarantined() + " messages could not be parsed and were"
                        + " kept in quarantine") : Optional.empty());
    }

    static Outcome outcomeOf(CredentialException e) {
        return switch (e.reason()) {
            case LOGIN_REQUIRED -> Outcome.LOGIN_REQUIRED;
            case UNREACHABLE -> Outcome.UNREACHABLE;
            case MISCONFIGURED -> Outcome.MISCONFIGURED;
        };
    }

    /** Logs in; a rejected credential gets exactly one retry when the source can offer a fresher one. */
    private MailSession connect(MailboxConfig mailbox) {
        Credential credential = credentials.credentialFor(mailbox);
        try {
            return imap.connect(endpoint(mailbox), credential);
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.AUTH_FAILED) {
                throw e;
            }
            Optional<Credential> retry = credentials.afterRejection(mailbox, credential);
            if (retry.isEmpty()) {
                throw e;
            }
            LOG.info("mailbox {}: login rejected; retrying once with a refreshed credential", mailbox.name());
            return imap.connect(endpoint(mailbox), retry.get());
        }
    }

    static ImapEndpoint endpoint(MailboxConfig mailbox) {
        return new ImapEndpoint(mailbox.host(), mailbox.port(), mailbox.security(), mailbox.username(),
                mailbox.connectTimeout(), mailbox.readTimeout());
    }

    private MailboxReport report(MailboxConfig mailbox, Outcome outcome, MailboxReport.Counts counts, Instant start,
            Optional<String> error) {
        return new MailboxReport(mailbox.name(), outcome, counts, Duration.between(start, clock.instant()), error);
    }

    /** Every run of every mailbox leaves its row, whatever failed; a store that cannot take it is logged. */
    private void record(MailboxReport report, Instant start) {
        MailboxReport.Counts c = report.counts();
        try {
            store.inTransaction(tx -> {
                tx.runs().add(new RunTable.Run(report.mailbox(), start, start.plus(report.took()),
                        report.outcome().key(), c.newMessages(), c.duplicates(), c.quarantined(), c.oversized(),
                        c.actionsApplied(), c.remaining(), report.error(), exitCodes.applyAsInt(report.outcome()),
                        self.pid(), self.host()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("mailbox {}: could not record the run: {}", report.mailbox(), e.getMessage(), e);
        }
    }
}
