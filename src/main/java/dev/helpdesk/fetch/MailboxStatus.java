package dev.helpdesk.fetch;

import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.store.RunTable.Run;
import java.util.Optional;

/**
 * What an admin needs to know about one mailbox: what is stored, quarantined or set aside on the server, how
 * the last runs went, who holds its lock.
 */
public record MailboxStatus(String mailbox, int storedMessages, int quarantined, int setAside, int pendingActions,
        Optional<Run> lastRun, Optional<Run> lastSuccess, Optional<Run> lastError, Optional<LockStatus> lock) {
}
