package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.config.Limits;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fetch --dry-run}: what a fetch would take, changing nothing anywhere: no lock row, no store write, no
 * flag on the server (listing reads sizes only; bodies are never fetched). It walks the folder in the same
 * windows and spends the same {@link Budget} as a fetch, so the two never disagree.
 */
public final class DryRun {
    private final Optional<Store> store;
    private final Connector connector;
    private final Limits limits;
    private final Clock clock;

    public DryRun(Optional<Store> store, Connector connector, Limits limits, Clock clock) {
        this.store = store;
        this.connector = connector;
        this.limits = limits;
        this.clock = clock;
    }

    /** One report per mailbox: {@code newMessages} counts what would be fetched, {@code remaining} what would wait. */
    public List<MailboxReport> run(List<MailboxConfig> mailboxes) {
        List<MailboxReport> reports = new ArrayList<>();
        for (MailboxConfig mailbox : mailboxes) {
            Instant start = clock.instant();
            Tally tally = new Tally();
            Outcome outcome = Outcome.OK;
            Optional<String> error = Optional.empty();
            try (MailSession session = connector.connect(mailbox)) {
                Budget budget = new Budget(limits, clock);
                for (String folderName : mailbox.folders()) {
                    try (FolderSession folder = session.open(folderName)) {
                        plan(mailbox.name(), folderName, folder, budget, tally);
                    }
                }
            } catch (CredentialException e) {
                outcome = Outcomes.of(e);
                error = Optional.of(e.getMessage());
            } catch (MailException e) {
                outcome = Outcomes.of(e);
                error = Optional.of(e.getMessage());
            }
            reports.add(new MailboxReport(mailbox.name(), outcome, tally.counts(), Duration.between(start,
                    clock.instant()), error));
        }
        return reports;
    }

    /** Counts into {@code tally}: stored = would be fetched, setAside = too big, remaining = would wait. */
    private void plan(String mailbox, String folderName, FolderSession folder, Budget budget, Tally tally) {
        long uidValidity = folder.uidValidity();
        // After a UIDVALIDITY change a fetch first recognises stored mail by Message-ID; a dry run cannot tell
        // which without writing, so it counts every message as a candidate.
        long lastUid = store.flatMap(s -> s.read(tx -> tx.folders().find(mailbox, folderName)))
                .filter(state -> state.uidValidity() == uidValidity).map(FolderState::lastUid).orElse(0L);
        UidWindows<MessageRef> windows = new UidWindows<>(folder, lastUid + 1, FolderSession::list, MessageRef::uid);
        for (Optional<UidWindows.Window<MessageRef>> next = windows.next(); next.isPresent(); next = windows.next()) {
            UidWindows.Window<MessageRef> window = next.get();
            List<Long> uids = window.items().stream().map(MessageRef::uid).toList();
            Set<Long> known = store.map(s -> s.read(tx -> tx.ledger().known(mailbox, folderName, uidValidity, uids)))
                    .orElse(Set.of());
            Budget.Plan plan = budget.plan(window.items().stream().filter(ref -> !known.contains(ref.uid())).toList());
            for (Budget.Step step : plan.steps()) {
                if (step.tooBig()) {
                    tally.setAside++;
                } else {
                    tally.stored++;
                    tally.bytes += step.ref().size();
                }
            }
            if (plan.remaining() > 0) {
                tally.remaining += plan.remaining() + windows.beyond(window);
                return;
            }
        }
    }
}
