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

    /** Message counts of one run of one mailbox, summed over its folders. */
    public record Counts(int newMessages, int duplicates, int quarantined, int oversized, int actionsApplied,
            int remaining, long bytes) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts other) {
            return new Counts(newMessages + other.newMessages, duplicates + other.duplicates,
                    quarantined + other.quarantined, oversized + other.oversized,
                    actionsApplied + other.actionsApplied, remaining + other.remaining, bytes + other.bytes);
        }
    }
}
