package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.config.Limits;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fetch --dry-run}: what a fetch would take, changing nothing anywhere: no lock row, no
 * store write, no flag on the server (listing reads sizes only; bodies are never fetched).
 */
public final class DryRun {
    private final Optional<Store> store;
    private final CredentialSource credentials;
    private final ImapClient imap;
    private final Limits limits;
    private final Clock clock;

    public DryRun(Optional<Store> store, CredentialSource credentials, ImapClient imap, Limits limits, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.imap = imap;
        this.limits = limits;
        this.clock = clock;
    }

    /** One report per mailbox: {@code newMessages} counts what would be fetched, {@code remaining} what would wait. */
    public List<MailboxReport> run(List<MailboxConfig> mailboxes) {
        List<MailboxReport> reports = new ArrayList<>();
        for (MailboxConfig mailbox : mailboxes) {
            Instant start = clock.instant();
            MailboxReport.Counts counts = MailboxReport.Counts.NONE;
            Outcome outcome = Outcome.OK;
            Optional<String> error = Optional.empty();
            try (MailSession session = imap.connect(Fetch.endpoint(mailbox), credentials.credentialFor(mailbox))) {
                Budget budget = new Budget(limits, clock);
                for (String folderName : mailbox.folders()) {
                    try (FolderSession folder = session.open(folderName)) {
                        counts = counts.plus(plan(mailbox.name(), folderName, folder, budget));
                    }
                }
            } catch (CredentialException e) {
                outcome = Fetch.outcomeOf(e);
                error = Optional.of(e.getMessage());
            } catch (MailException e) {
                outcome = e.kind() == MailException.Kind.FOLDER ? Outcome.MISCONFIGURED : Outcome.UNREACHABLE;
                error = Optional.of(e.getMessage());
            }
            reports.add(new MailboxReport(mailbox.name(), outcome, counts, Duration.between(start, clock.instant()),
                    error));
        }
        return reports;
    }

    private MailboxReport.Counts plan(String mailbox, String folderName, FolderSession folder, Budget budget) {
        long uidValidity = folder.uidValidity();
        Candidates found = Candidates.of(folder,
                store.flatMap(s -> s.inTransaction(tx -> tx.folders().find(mailbox, folderName))),
                uids -> store.map(s -> s.inTransaction(tx -> tx.ledger().known(mailbox, folderName, uidValidity, uids)))
                        .orElse(Set.of()));
        Budget.Plan plan = budget.plan(found.refs());
        int fetch = 0;
        int tooBig = 0;
        long bytes = 0;
        for (Budget.Step step : plan.steps()) {
            if (step.tooBig()) {
                tooBig++;
            } else {
                fetch++;
                bytes += step.ref().size();
            }
        }
        return new MailboxReport.Counts(fetch, 0, 0, tooBig, 0, plan.remaining(), bytes);
    }
}
