package dev.helpdesk.fetch;

/**
 * How far a mailbox's drain got, for someone watching: what the run's budget took from the listing windows (the
 * total grows window by window), what each committed chunk finished, and the end. Called from the draining
 * threads and their chunk writers (several at once with {@code fetch --jobs}), so it must be thread-safe, quick
 * and must not throw; it carries counts only, never mail text.
 */
public interface DrainProgress {
    /** Nobody is watching (cron, --quiet, --json). */
    DrainProgress NONE = new DrainProgress() {
        @Override
        public void planned(String mailbox, int messages, long bytes) {
        }

        @Override
        public void done(String mailbox, int messages, long bytes) {
        }

        @Override
        public void finished(String mailbox) {
        }
    };

    /** The budget took these candidates for this run: they join the total waiting (bytes: the ones to fetch). */
    void planned(String mailbox, int messages, long bytes);

    /** A chunk committed: these messages are handled (stored, duplicates, quarantined or set aside). */
    void done(String mailbox, int messages, long bytes);

    /** The mailbox's drain ended, however it ended. */
    void finished(String mailbox);
}
