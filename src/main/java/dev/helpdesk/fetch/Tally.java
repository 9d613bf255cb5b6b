package dev.helpdesk.fetch;

import dev.helpdesk.store.LedgerTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running counts of one mailbox's run, shared by its folders and chunks: a folder that fails midway
 * keeps what its committed chunks did, and the run row says so.
 */
final class Tally {
    int stored;
    int duplicates;
    int quarantined;
    int setAside;
    int refused;
    int recovered;
    int applied;
    int remaining;
    long bytes;
    /** The run's time ran out inside a chunk and the connection was dropped: no more folders this run. */
    boolean cut;
    private final List<String> refusals = new ArrayList<>();
    private Optional<String> actionRefusal = Optional.empty();
    private final DrainProgress progress;
    private final String mailbox;

    /** The counts of one chunk, or of a run nobody watches. */
    Tally() {
        this(DrainProgress.NONE, "");
    }

    /** A run's counts: each committed chunk added to them is also told to {@code progress}. */
    Tally(DrainProgress progress, String mailbox) {
        this.progress = progress;
        this.mailbox = mailbox;
    }

    void count(LedgerTable.Outcome outcome, long size) {
        bytes += size;
        switch (outcome) {
            case STORED -> stored++;
            case DUPLICATE -> duplicates++;
            case QUARANTINED -> quarantined++;
            default -> throw new IllegalStateException("unexpected outcome " + outcome);
        }
    }

    /** A body the server refused this run, to be tried again: counted, and said in the report. */
    void refusal(String what) {
        refused++;
        refusals.add(what);
    }

    /** The server refused queued actions; they stay queued. The first reason is the one reported. */
    void actionRefused(String why) {
        actionRefusal = actionRefusal.or(() -> Optional.of(why));
    }

    Optional<String> actionRefusal() {
        return actionRefusal;
    }

    /** What the run should tell the admin about refused bodies, if any were refused. */
    Optional<String> refusalSummary() {
        if (refusals.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(refusals.get(0) + (refusals.size() > 1 ? " (and " + (refusals.size() - 1) + " more)" : ""));
    }

    /** Adds what a committed chunk did. */
    void add(Tally chunk) {
        stored += chunk.stored;
        duplicates += chunk.duplicates;
        quarantined += chunk.quarantined;
        setAside += chunk.setAside;
        refused += chunk.refused;
        recovered += chunk.recovered;
        applied += chunk.applied;
        remaining += chunk.remaining;
        bytes += chunk.bytes;
        refusals.addAll(chunk.refusals);
        chunk.actionRefusal.ifPresent(this::actionRefused);
        progress.done(mailbox, chunk.stored + chunk.duplicates + chunk.quarantined + chunk.setAside, chunk.bytes);
    }

    MailboxReport.Counts counts() {
        return new MailboxReport.Counts(stored, duplicates, quarantined, setAside, refused, recovered, applied,
                remaining, bytes);
    }
}
