package dev.helpdesk.fetch;

import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.store.ActionTable.Pending;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued server actions after their chunk committed, one batch per kind, clearing each
 * batch only once the server did it. Mark-seen, delete and MOVE are idempotent, so a batch redone
 * after a crash between "applied" and "cleared" changes nothing. The one exception: on a server
 * without MOVE, a crash between the COPY and the UID EXPUNGE of the fallback leaves the copies in
 * the target, and the redo copies again (duplicates in the target folder, never a lost message).
 */
final class ActionApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ActionApplier.class);

    private final Fenced fenced;
    private final Checkpoints checkpoints;
    private final String mailbox;

    ActionApplier(Fenced fenced, Checkpoints checkpoints, String mailbox) {
        this.fenced = fenced;
        this.checkpoints = checkpoints;
        this.mailbox = mailbox;
    }

    /** Applies every action queued for this folder; returns how many were applied. */
    int applyPending(FolderSession folder, String folderName) {
        List<Pending> pending = fenced.read(tx -> tx.actions().pending(mailbox, folderName));
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, List<Pending>> byAction = new LinkedHashMap<>();
        List<Pending> obsolete = new java.util.ArrayList<>();
        for (Pending action : pending) {
            if (action.uidValidity() != folder.uidValidity()) {
                obsolete.add(action); // UIDs of another UIDVALIDITY name other messages now: never act on them
            } else {
                byAction.computeIfAbsent(action.action(), key -> new java.util.ArrayList<>()).add(action);
            }
        }
        if (!obsolete.isEmpty()) {
            LOG.warn("mailbox {} folder {}: dropped {} queued actions of an older UIDVALIDITY", mailbox, folderName,
                    obsolete.size());
            fenced.write(tx -> {
                tx.actions().done(obsolete);
                return null;
            });
        }
        int applied = 0;
        for (Map.Entry<String, List<Pending>> batch : byAction.entrySet()) {
            List<Long> uids = batch.getValue().stream().map(Pending::uid).toList();
            apply(folder, batch.getKey(), uids);
            checkpoints.reached(Checkpoints.ACTION_APPLIED);
            fenced.write(tx -> {
                tx.actions().done(batch.getValue());
                return null;
            });
            applied += uids.size();
        }
        return applied;
    }

    private static void apply(FolderSession folder, String action, List<Long> uids) {
        if (action.equals("mark-seen")) {
            folder.markSeen(uids);
        } else if (action.equals("delete")) {
            folder.delete(uids);
        } else if (action.startsWith("move:")) {
            folder.moveTo(uids, action.substring("move:".length()));
        } else {
            throw new IllegalStateException("unknown queued action " + action);
        }
    }
}
