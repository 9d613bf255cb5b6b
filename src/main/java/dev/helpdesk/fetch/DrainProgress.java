package dev.helpdesk.fetch;

/**
 * How far a mailbox's drain got, for someone watching: what the run's budget took from the listing windows (the
 * total grows window by window), what each committed chunk finished, and the end. Called on the draining thread
 * between chunks, so it must be quick and must not throw; it carries counts only, never mail text.
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
