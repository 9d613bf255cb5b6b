package dev.helpdesk.monitor;

import dev.helpdesk.fetch.MailboxStatus;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.fetch.StatusQuery;
import dev.helpdesk.lock.LockVerdict;
import dev.helpdesk.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitoring check: judges each mailbox from the status read model, and remembers when it looked, so it warns
 * about quarantined and set-aside mail once, in the check after it came. That memory is its only write: one tiny
 * transaction per check.
 */
public final class Check {
    static final String QUARANTINED = "quarantined";
    static final String SET_ASIDE = "set-aside";

    private final Store store;
    private final StatusQuery statuses;
    private final Clock clock;

    public Check(Store store, StatusQuery statuses, Clock clock) {
        this.store = store;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** One judged mailbox per name, in the order given. */
    public List<MailboxCheck> run(List<String> mailboxes, Duration maxAge) {
        List<MailboxStatus> found = statuses.of(mailboxes);
        Map<String, News> news = sinceLastCheck(mailboxes);
        Instant now = clock.instant();
        List<MailboxCheck> checks = new ArrayList<>();
        for (MailboxStatus status : found) {
            News since = news.get(status.mailbox());
            checks.add(judge(status, now, maxAge, since.quarantined(), since.setAside()));
        }
        return checks;
    }

    /** What came since a mailbox's previous check. */
    private record News(int quarantined, int setAside) {
    }

    /**
     * What was quarantined or set aside since each mailbox's previous check, and the new marks, in one IMMEDIATE
     * transaction. A fetch takes the time of its rows inside its own write transaction, so each of its rows is
     * either visible here with a time before the new mark, or written later with a time at or after it: none
     * falls between two checks.
     */
    private Map<String, News> sinceLastCheck(List<String> mailboxes) {
        return store.inTransaction(tx -> {
            Instant now = clock.instant();
            Map<String, News> news = new HashMap<>();
            for (String mailbox : mailboxes) {
                Instant quarantinedMark = tx.checkMarks().find(mailbox, QUARANTINED).orElse(Instant.EPOCH);
                Instant setAsideMark = tx.checkMarks().find(mailbox, SET_ASIDE).orElse(Instant.EPOCH);
                news.put(mailbox, new News(tx.quarantine().countSince(mailbox, quarantinedMark),
                        tx.setAside().countSince(mailbox, setAsideMark)));
                tx.checkMarks().put(mailbox, QUARANTINED, now);
                tx.checkMarks().put(mailbox, SET_ASIDE, now);
            }
            return news;
        });
    }

    static MailboxCheck judge(MailboxStatus status, Instant now, Duration maxAge, int newQuarantined,
            int newSetAside) {
        List<Finding> findings = new ArrayList<>();
        Optional<Duration> sinceSuccess = status.lastSuccess().map(run -> Duration.between(run.startedAt(), now));
        if (sinceSuccess.isEmpty() || sinceSuccess.get().compareTo(maxAge) > 0) {
            findings.add(Finding.NO_RECENT_SUCCESS);
        }
        if (status.lastRun().filter(run -> run.outcome().equals(Outcome.LOGIN_REQUIRED.key())).isPresent()) {
            findings.add(Finding.LOGIN_REQUIRED);
        }
        status.lock().map(lock -> lock.verdict()).ifPresent(verdict -> {
            if (verdict == LockVerdict.STALE) {
                findings.add(Finding.LOCK_STALE);
            } else if (verdict == LockVerdict.EXPIRED) {
                findings.add(Finding.LOCK_EXPIRED);
            }
        });
        if (status.refusedActionCount() > 0) {
            findings.add(Finding.ACTIONS_REFUSED);
        }
        if (newQuarantined > 0) {
            findings.add(Finding.QUARANTINED);
        }
        if (newSetAside > 0) {
            findings.add(Finding.SET_ASIDE);
        }
        return new MailboxCheck(status, sinceSuccess, newQuarantined, newSetAside, findings);
    }
}
