package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreAccessException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mailbox under its lease: a heartbeat that keeps the lease (and ends the connection if it is lost), the
 * login, the check that afterFetch can work on this server before any body is fetched, its folders, and its
 * report. Whatever fails, the report keeps the counts of what was committed.
 */
public final class MailboxDrain {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxDrain.class);

    private final Store store;
    private final Locks locks;
    private final Connector connector;
    private final Ingests ingests;
    private final DrainSettings settings;
    private final Clock clock;
    private final Checkpoints checkpoints;
    private final DrainProgress progress;

    public MailboxDrain(Store store, Locks locks, Connector connector, Ingests ingests, DrainSettings settings,
            Clock clock, Checkpoints checkpoints) {
        this(store, locks, connector, ingests, settings, clock, checkpoints, DrainProgress.NONE);
    }

    /** As the other constructor, telling {@code progress} how far each mailbox got (a terminal's live line). */
    public MailboxDrain(Store store, Locks locks, Connector connector, Ingests ingests, DrainSettings settings,
            Clock clock, Checkpoints checkpoints, DrainProgress progress) {
        this.progress = progress;
        this.store = store;
        this.locks = locks;
        this.connector = connector;
        this.ingests = ingests;
        this.settings = settings;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    /**
     * @param onlyRequested take only the set-aside messages an admin asked for (`skipped fetch`)
     */
    MailboxReport drain(MailboxConfig mailbox, Lease lease, boolean onlyRequested) {
        Instant start = clock.instant();
        Spool.removeStale(settings.spoolDir(), Duration.ofDays(1));
        Tally tally = new Tally(progress, mailbox.name());
        Fenced fenced = new Fenced(store, locks, lease, mailbox.name());
        try (Heartbeat beat = Heartbeat.start(locks, lease, mailbox.name())) {
            try {
                return folders(mailbox, lease, fenced, beat, onlyRequested, tally, start);
            } catch (CredentialException e) {
                return report(mailbox, Outcomes.of(e), tally, start, Optional.of(e.getMessage()));
            } catch (MailException e) {
                if (beat.lost()) {
                    return report(mailbox, Outcome.LEASE_LOST, tally, start, Optional.of(new LeaseLostException(
                            mailbox.name()).getMessage()));
                }
                return report(mailbox, Outcomes.of(e), tally, start, Optional.of(e.getMessage()));
            } catch (LeaseLostException e) {
                return report(mailbox, Outcome.LEASE_LOST, tally, start, Optional.of(e.getMessage()));
            } catch (MessageFailure e) {
                LOG.error("mailbox {}: fetch failed at {}", mailbox.name(), e.getMessage(), e.getCause());
                return report(mailbox, Outcome.FAILED, tally, start, Optional.of(e.getMessage()
                        + (e.getCause() == null ? "" : ". Run again with --verbose for details.")));
            } catch (StoreAccessException e) {
                throw e; // the database is out of reach: no mailbox can go on, nor can this run's row be written
            } catch (RuntimeException | Error e) {
                // A bug, a store failure, or an Error (out of memory included) fails this mailbox only; the others
                // still get their turn, and the counts of what was committed are kept.
                LOG.error("mailbox {}: fetch failed", mailbox.name(), e);
                return report(mailbox, Outcome.FAILED, tally, start, Optional.of("internal error: " + e
                        + ". Run again with --verbose for details, and please report it."));
            } finally {
                progress.finished(mailbox.name());
            }
        }
    }

    private MailboxReport folders(MailboxConfig mailbox, Lease lease, Fenced fenced, Heartbeat beat,
            boolean onlyRequested, Tally tally, Instant start) {
        // The lease goes with the login: a refreshed token's cache is saved under it, or refused once it is lost.
        try (MailSession session = connector.connect(mailbox, lease);
                Helpers helpers = Helpers.start(mailbox.name(), settings.tuning().helpers())) {
            beat.onLoss(session::abort);
            Optional<String> impossible = ActionCheck.problem(session, mailbox);
            if (impossible.isPresent()) {
                return report(mailbox, Outcome.MISCONFIGURED, tally, start, impossible);
            }
            ActionApplier actions = new ActionApplier(fenced, checkpoints, mailbox.name(), mailbox.afterFetch());
            ChunkDrain chunks = new ChunkDrain(fenced, ingests.forMailbox(mailbox), checkpoints, clock,
                    mailbox.name(), mailbox.afterFetch(), settings.spoolDir(), helpers);
            FolderDrain drain = new FolderDrain(fenced, actions, chunks,
                    new UidValidityRecovery(fenced, clock, mailbox.name()), settings.tuning(), mailbox.name());
            Budget budget = new Budget(settings.limits(), clock, progress, mailbox.name());
            List<String> folderErrors = new ArrayList<>();
            for (String folderName : mailbox.folders()) {
                if (tally.cut) {
                    break; // the connection was dropped when time ran out: the other folders wait for the next run
                }
                try (FolderSession folder = session.open(folderName)) {
                    drain.drain(folder, folderName, budget, onlyRequested, tally);
                } catch (MailException e) {
                    if (e.kind() != MailException.Kind.FOLDER) {
                        throw e;
                    }
                    folderErrors.add(e.getMessage());
                }
            }
            if (!folderErrors.isEmpty()) {
                return report(mailbox, Outcome.MISCONFIGURED, tally, start, Optional.of(String.join(" ", folderErrors)));
            }
            if (tally.actionRefusal().isPresent()) {
                return report(mailbox, Outcome.ACTION_REFUSED, tally, start, tally.actionRefusal());
            }
            if (tally.quarantined > 0) {
                return report(mailbox, Outcome.QUARANTINED, tally, start, Optional.of(tally.quarantined
                        + " inputs could not be read as mail and were kept in quarantine: see `helpdesk quarantine"
                        + " list`"));
            }
            return report(mailbox, Outcome.OK, tally, start, tally.refusalSummary());
        }
    }

    private MailboxReport report(MailboxConfig mailbox, Outcome outcome, Tally tally, Instant start,
            Optional<String> error) {
        return new MailboxReport(mailbox.name(), outcome, tally.counts(), Duration.between(start, clock.instant()),
                error);
    }
}
