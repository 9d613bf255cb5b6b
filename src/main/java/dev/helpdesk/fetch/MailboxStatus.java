package dev.helpdesk.fetch;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.store.RefusalTable.Refusal;
import dev.helpdesk.store.RunTable.Run;
import java.util.List;
import java.util.Optional;

/**
 * What an admin needs to know about one mailbox: what is stored, quarantined or set aside on the server,
 * which server actions wait and why, which bodies the server refuses, how the last runs went, who holds its
 * lock. The one read model behind {@code status}, {@code check} and {@code metrics}.
 *
 * @param refusedActionCount how many of the pending actions the server refused
 * @param refusedActions when some queued actions were refused by the server: how many and its words
 * @param refusals bodies the server refused in recent runs, tried again until set aside as unfetchable
 * @param lastSuccess the newest run whose outcome is one of {@link Outcome#SUCCESSES}
 */
public record MailboxStatus(String mailbox, int storedMessages, int quarantined, int setAside, int pendingActions,
        int refusedActionCount, Optional<String> refusedActions, List<Refusal> refusals, Optional<Run> lastRun,
        Optional<Run> lastSuccess, Optional<Run> lastError, Optional<LockStatus> lock) {

    /** A mailbox nothing has run for yet (there may be no database at all). */
    public static MailboxStatus never(String mailbox) {
        return new MailboxStatus(mailbox, 0, 0, 0, 0, 0, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
