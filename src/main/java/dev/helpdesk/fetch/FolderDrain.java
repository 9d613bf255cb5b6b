package dev.helpdesk.fetch;

import dev.helpdesk.fetch.ChunkWriter.Item;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.SetAsideTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one folder by the ingest protocol: finish queued actions; after a UIDVALIDITY change recognise the
 * stored messages by Message-ID first; take the set-aside messages that are due; then walk the UIDs above
 * the last one handled in windows, take what the budget allows and commit it chunk by chunk. Memory does
 * not grow with the folder, and a window whose messages are all in the ledger costs no budget.
 */
final class FolderDrain {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDrain.class);

    private final Fenced fenced;
    private final ActionApplier actions;
    private final ChunkPipeline pipeline;
    private final UidValidityRecovery recovery;
    private final String mailbox;

    FolderDrain(Fenced fenced, ActionApplier actions, ChunkDrain chunks, UidValidityRecovery recovery, Tuning tuning,
            String mailbox) {
        this.fenced = fenced;
        this.actions = actions;
        this.pipeline = new ChunkPipeline(chunks, actions, tuning, mailbox);
        this.recovery = recovery;
        this.mailbox = mailbox;
    }

    /**
     * @param onlyRequested take only the set-aside messages an admin asked for (`skipped fetch`), regardless
     *     of the limits; list nothing new
     */
    void drain(FolderSession folder, String folderName, Budget budget, boolean onlyRequested, Tally tally) {
        ActionApplier.Applied applied = actions.applyPending(folder, folderName);
        tally.applied += applied.count();
        applied.refusal().ifPresent(tally::actionRefused);
        FolderState found = current(folder, folderName);
        FolderState state = found.recoveredTo().isPresent() && !onlyRequested
                ? recovery.recover(folder, folderName, found, tally) : found;
        List<SetAsideTable.Entry> due = fenced.read(tx -> tx.setAside().due(mailbox, folderName,
                state.uidValidity(), budget.maxMessageSize()));
        List<Item> requested = new ArrayList<>();
        List<MessageRef> allowed = new ArrayList<>();
        Map<Long, SetAsideTable.Entry> retries = new HashMap<>();
        for (SetAsideTable.Entry entry : due) {
            retries.put(entry.uid(), entry);
            if (entry.requested()) {
                requested.add(new Item(entry.uid(), entry.size(), false, Optional.of(entry))); // regardless of limits
            } else {
                allowed.add(new MessageRef(entry.uid(), entry.size()));
            }
        }
        ChunkPipeline.FolderProgress progress = new ChunkPipeline.FolderProgress(state, Long.MAX_VALUE);
        if (!pipeline.run(folder, folderName, requested, budget, tally, progress) || onlyRequested) {
            return;
        }
        Budget.Plan retry = budget.plan(allowed);
        boolean retried = pipeline.run(folder, folderName, items(retry, retries), budget, tally, progress);
        if (!retried || retry.remaining() > 0) {
            tally.remaining += retry.remaining();
            return;
        }
        UidWindows<MessageRef> windows = new UidWindows<>(folder, state.lastUid() + 1, FolderSession::list,
                MessageRef::uid);
        for (Optional<UidWindows.Window<MessageRef>> next = windows.next(); next.isPresent(); next = windows.next()) {
            UidWindows.Window<MessageRef> window = next.get();
            List<Long> uids = window.items().stream().map(MessageRef::uid).toList();
            long uidValidity = state.uidValidity();
            Set<Long> known = fenced.read(tx -> tx.ledger().known(mailbox, folderName, uidValidity, uids));
            Budget.Plan plan = budget.plan(window.items().stream().filter(ref -> !known.contains(ref.uid())).toList());
            boolean finished = pipeline.run(folder, folderName, items(plan, Map.of()), budget, tally, progress);
            if (tally.cut) {
                // The connection was dropped mid-chunk: what lies beyond this window cannot be counted now.
                tally.remaining += plan.remaining() + progress.unreached;
                return;
            }
            if (!finished || plan.remaining() > 0) {
                tally.remaining += plan.remaining() + progress.unreached + windows.beyond(window);
                return;
            }
            advance(progress, window.to(), folderName); // everything in the window is handled or held
        }
    }

    /** The folder's stored state, starting a recovery when UIDVALIDITY changed since it was written. */
    private FolderState current(FolderSession folder, String folderName) {
        long uidValidity = folder.uidValidity();
        Optional<FolderState> stored = fenced.read(tx -> tx.folders().find(mailbox, folderName));
        if (stored.isEmpty()) {
            return new FolderState(uidValidity, 0);
        }
        if (stored.get().uidValidity() == uidValidity) {
            return stored.get();
        }
        LOG.warn("mailbox {} folder {}: UIDVALIDITY changed from {} to {}; the stored messages are recognised by"
                + " Message-ID before anything is downloaded again", mailbox, folderName, stored.get().uidValidity(),
                uidValidity);
        FolderState reset = new FolderState(uidValidity, 0, Optional.of(0L));
        fenced.write(tx -> {
            tx.folders().put(mailbox, folderName, reset);
            tx.setAside().dropOtherUidValidity(mailbox, folderName, uidValidity);
            return null;
        });
        return reset;
    }

    private static List<Item> items(Budget.Plan plan, Map<Long, SetAsideTable.Entry> retries) {
        List<Item> items = new ArrayList<>();
        for (Budget.Step step : plan.steps()) {
            items.add(new Item(step.ref().uid(), step.ref().size(), step.tooBig(),
                    Optional.ofNullable(retries.get(step.ref().uid()))));
        }
        return items;
    }

    /** A window fully handled: the last UID moves to its end, unless a refused message holds it back. */
    private void advance(ChunkPipeline.FolderProgress progress, long uid, String folderName) {
        long target = Math.min(uid, progress.holdBelow - 1);
        if (target > progress.state.lastUid()) {
            FolderState advanced = progress.state.withLastUid(target);
            fenced.write(tx -> {
                tx.folders().put(mailbox, folderName, advanced);
                return null;
            });
            progress.state = advanced;
        }
    }
}
