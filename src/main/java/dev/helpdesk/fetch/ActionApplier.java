package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.store.ActionTable.Pending;
import dev.helpdesk.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued server actions after their chunk committed, in one batch, clearing them from the queue only
 * once the server did them. Mark-seen, delete and MOVE are idempotent, so a batch redone after a crash between
 * "applied" and "cleared" changes nothing. Actions never wedge ingestion: one the server refuses stays queued
 * with its reason and the drain goes on; one the configured afterFetch no longer asks for (the admin changed
 * it) is dropped with a log line; one of an older UIDVALIDITY is dropped, since its UID names another
 * message now. The one exception to idempotence: on a server without MOVE, a crash between the COPY and
 * the UID EXPUNGE of the fallback leaves the copies in the target, and the redo copies again (duplicates in
 * the target folder, never a lost message).
 */
final class ActionApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ActionApplier.class);

    private final Fenced fenced;
    private final Checkpoints checkpoints;
    private final String mailbox;
    private final AfterFetch configured;

    ActionApplier(Fenced fenced, Checkpoints checkpoints, String mailbox, AfterFetch configured) {
        this.fenced = fenced;
        this.checkpoints = checkpoints;
        this.mailbox = mailbox;
        this.configured = configured;
    }

    /**
     * What one pass did: how many actions the server applied, why the rest were refused (if they were), and the
     * queue rows left to update ({@link #record}).
     */
    record Applied(int count, Optional<String> refusal, Records records) {
        static final Applied NONE = new Applied(0, Optional.empty(), Records.NONE);
    }

    /**
     * Queue rows a pass leaves to update: those to clear (applied, or dropped as obsolete or unwanted) and those
     * the server refused, with its reason. Until they are written, a crash redoes the actions: harmless, they are
     * idempotent.
     */
    record Records(List<Pending> clear, List<Pending> refused, String reason) {
        static final Records NONE = new Records(List.of(), List.of(), "");

        boolean isEmpty() {
            return clear.isEmpty() && refused.isEmpty();
        }

        /** Clears the rows the server did (or that were dropped) and notes the refusals. */
        void writeTo(Tx tx) {
            tx.actions().done(clear);
            tx.actions().refused(refused, reason);
        }
    }

    /**
     * Applies every action queued for this folder and records what it did at once: a run's first step, for the
     * actions an earlier run committed but did not finish.
     *
     * @throws MailException when the connection is lost (the actions stay queued for the next run)
     */
    Applied applyPending(FolderSession folder, String folderName) {
        List<Pending> pending = fenced.read(tx -> tx.actions().pending(mailbox, folderName));
        Applied applied = apply(folder, folderName, pending);
        record(applied.records());
        return applied;
    }

    /**
     * Applies these queued actions on the server. The queue rows are left as they are: {@link #record} the
     * returned records, or write them in a later transaction, as a chunk's drain does.
     *
     * @throws MailException when the connection is lost (the actions stay queued for the next run)
     */
    Applied apply(FolderSession folder, String folderName, List<Pending> pending) {
        if (pending.isEmpty()) {
            return Applied.NONE;
        }
        List<Pending> wanted = new ArrayList<>();
        List<Pending> obsolete = new ArrayList<>();
        List<Pending> unwanted = new ArrayList<>();
        Map<String, Boolean> configuredForm = new HashMap<>(); // one parse per form, not one per action
        for (Pending action : pending) {
            if (action.uidValidity() != folder.uidValidity()) {
                obsolete.add(action); // UIDs of another UIDVALIDITY name other messages now: never act on them
            } else if (!configuredForm.computeIfAbsent(action.action(), form -> AfterFetch.parse(form)
                    .equals(configured))) {
                unwanted.add(action);
            } else {
                wanted.add(action);
            }
        }
        if (!obsolete.isEmpty()) {
            LOG.warn("mailbox {} folder {}: dropped {} queued actions of an older UIDVALIDITY", mailbox, folderName,
                    obsolete.size());
        }
        if (!unwanted.isEmpty()) {
            LOG.warn("mailbox {} folder {}: dropped {} queued actions ({}) that afterFetch, now \"{}\", no longer asks"
                    + " for; those messages stay on the server as they are", mailbox, folderName, unwanted.size(),
                    unwanted.get(0).action(), configured);
        }
        List<Pending> clear = new ArrayList<>(obsolete);
        clear.addAll(unwanted);
        if (wanted.isEmpty()) {
            return new Applied(0, Optional.empty(), new Records(clear, List.of(), ""));
        }
        List<Long> uids = wanted.stream().map(Pending::uid).toList();
        try {
            apply(folder, configured, uids);
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.REFUSED) {
                throw e;
            }
            // Refused, not lost: the reason stays with the queued actions, and new mail keeps coming in.
            return new Applied(0, Optional.of(uids.size() + " queued " + configured + " actions in folder \""
                    + folderName + "\" were refused and stay queued: " + e.getMessage()),
                    new Records(clear, wanted, e.getMessage()));
        }
        checkpoints.reached(Checkpoint.ACTION_APPLIED);
        clear.addAll(wanted);
        return new Applied(uids.size(), Optional.empty(), new Records(clear, List.of(), ""));
    }

    /** Writes the records in a transaction of their own. */
    void record(Records records) {
        if (!records.isEmpty()) {
            fenced.write(tx -> {
                records.writeTo(tx);
                return null;
            });
        }
    }

    private static void apply(FolderSession folder, AfterFetch action, List<Long> uids) {
        switch (action.kind()) {
            case MARK_SEEN -> folder.markSeen(uids);
            case DELETE -> folder.delete(uids);
            case MOVE -> folder.moveTo(uids, action.folder().orElseThrow());
            case NONE -> { } // never queued
        }
    }
}
