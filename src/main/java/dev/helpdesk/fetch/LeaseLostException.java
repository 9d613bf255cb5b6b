package dev.helpdesk.fetch;

/** Our fenced renewal found another token: someone took the lock over, so this run must stop writing. */
final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(String mailbox) {
        super("mailbox " + mailbox + ": another run took the lock over while this one was working (its lease had"
                + " expired); this run stopped and rolled back its last chunk. If runs regularly outlast lockTtl,"
                + " raise lockTtl or lower limits.maxDuration.");
    }
}
