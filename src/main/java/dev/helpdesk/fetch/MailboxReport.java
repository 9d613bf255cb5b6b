package dev.helpdesk.fetch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one mailbox's fetch did: counts, time, and the reason when it did not finish cleanly. */
public record MailboxReport(String mailbox, Outcome outcome, Counts counts, Duration took, Optional<String> error) {

    public MailboxReport {
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(error, "error");
    }

    /**
     * Message counts of one run of one mailbox, summed over its folders.
     *
     * @param setAside left on the server this run (too big, or refused by the server in three runs)
     * @param refused bodies the server would not give this run, tried again next run
     * @param recovered messages recognised by Message-ID after a UIDVALIDITY change, not downloaded again
     */
    public record Counts(int newMessages, int duplicates, int quarantined, int setAside, int refused, int recovered,
            int actionsApplied, int remaining, long bytes) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
