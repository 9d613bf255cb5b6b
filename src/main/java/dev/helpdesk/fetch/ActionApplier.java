package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.store.ActionTable.Pending;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued server actions after their chunk committed, one batch per kind, clearing each batch only
 * once the server did it. Mark-seen, delete and MOVE are idempotent, so a batch redone after a crash between
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

    /** What one pass did: how many actions the server applied, and why the rest were refused, if they were. */
    record Applied(int count, Optional<String> refusal) {
        static final Applied NONE = new Applied(0, Optional.empty());
    }

    /**
     * Applies every action queued for this folder.
     *
     * @throws MailException when the connection is lost (the actions stay queued for the next run)
     */
    Applied applyPending(FolderSession folder, String folderName) {
        List<Pending> pending = fenced.read(tx -> tx.actions().pending(mailbox, folderName));
        if (pending.isEmpty()) {
            return Applied.NONE;
        }
        Map<AfterFetch, List<Pending>> byAction = new LinkedHashMap<>();
        List<Pending> obsolete = new ArrayList<>();
        List<Pending> unwanted = new ArrayList<>();
        for (Pending action : pending) {
            AfterFetch kind = AfterFetch.parse(action.action());
            if (action.uidValidity() != folder.uidValidity()) {
                obsolete.add(action); // UIDs of another UIDVALIDITY name other messages now: never act on them
            } else if (!kind.equals(configured)) {
                unwanted.add(action);
            } else {
                byAction.computeIfAbsent(kind, key -> new ArrayList<>()).add(action);
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
        if (!obsolete.isEmpty() || !unwanted.isEmpty()) {
            fenced.write(tx -> {
                tx.actions().done(obsolete);
                tx.actions().done(unwanted);
                return null;
            });
        }
        int applied = 0;
        Optional<String> refusal = Optional.empty();
        for (Map.Entry<AfterFetch, List<Pending>> batch : byAction.entrySet()) {
            List<Long> uids = batch.getValue().stream().map(Pending::uid).toList();
            try {
                apply(folder, batch.getKey(), uids);
            } catch (MailException e) {
                if (e.kind() != MailException.Kind.REFUSED) {
                    throw e;
                }
                // Refused, not lost: the reason stays with the queued actions, and new mail keeps coming in.
                fenced.write(tx -> {
                    tx.actions().refused(batch.getValue(), e.getMessage());
                    return null;
                });
                refusal = Optional.of(uids.size() + " queued " + batch.getKey() + " actions in folder \""
                        + folderName + "\" were refused and stay queued: " + e.getMessage());
                continue;
            }
            checkpoints.reached(Checkpoint.ACTION_APPLIED);
            fenced.write(tx -> {
                tx.actions().done(batch.getValue());
                return null;
            });
            applied += uids.size();
        }
        return new Applied(applied, refusal);
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
