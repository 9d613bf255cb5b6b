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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private final ChunkDrain chunks;
    private final UidValidityRecovery recovery;
    private final Tuning tuning;
    private final String mailbox;

    FolderDrain(Fenced fenced, ActionApplier actions, ChunkDrain chunks, UidValidityRecovery recovery, Tuning tuning,
            String mailbox) {
        this.fenced = fenced;
        this.actions = actions;
        this.chunks = chunks;
        this.recovery = recovery;
        this.tuning = tuning;
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
        Progress progress = new Progress(state, Long.MAX_VALUE);
        if (!run(folder, folderName, requested, budget, tally, progress) || onlyRequested) {
            return;
        }
        Budget.Plan retry = budget.plan(allowed);
        if (!run(folder, folderName, items(retry, retries), budget, tally, progress) || retry.remaining() > 0) {
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
            boolean finished = run(folder, folderName, items(plan, Map.of()), budget, tally, progress);
            if (tally.cut) {
                // The connection was dropped mid-chunk: what lies beyond this window cannot be counted now.
                tally.remaining += plan.remaining() + progress.unreached;
                return;
            }
            if (!finished || plan.remaining() > 0) {
                tally.remaining += plan.remaining() + progress.unreached + windows.beyond(window);
                return;
            }
            progress.advanceTo(window.to(), this, folderName); // everything in the window is handled or held
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

    /**
     * Commits the items chunk by chunk; false when the run's time ran out or the connection was cut before all
     * of them were done. One chunk is committed on a writer thread while the next is fetched and prepared, and
     * while the chunk before it has its server actions applied: the drain's time is about half parsing and half
     * SQLite, and the machine has more than one core. A chunk's server actions are applied only after its
     * commit; their queue rows are updated in the transaction of a later chunk, so that the store is the writer
     * thread's alone while chunks come in. The order of the commits is the order of the chunks.
     */
    private boolean run(FolderSession folder, String folderName, List<Item> work, Budget budget, Tally tally,
            Progress progress) {
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "helpdesk-writer-" + mailbox);
            thread.setDaemon(true);
            return thread;
        });
        InFlight inFlight = null;
        try {
            int next = 0;
            while (next < work.size()) {
                int end = chunkEnd(work, next);
                if (!budget.timeLeft() && (inFlight != null || tally.stored + tally.duplicates + tally.quarantined > 0)) {
                    progress.unreached = work.size() - next;
                    InFlight last = inFlight;
                    inFlight = null;
                    settle(last, folder, tally, progress);
                    return false;
                }
                ChunkDrain.Received arrived = chunks.receive(folder, folderName, work.subList(next, end), budget);
                InFlight previous = inFlight;
                inFlight = null;
                ChunkDrain.Committed committed;
                try {
                    // Its messages go now: the heap they held may be what the next message needs.
                    committed = committed(previous, tally, progress);
                } catch (RuntimeException | Error e) {
                    arrived.close();
                    throw e;
                }
                previous = null;
                ChunkDrain.Received received = arrived.cannotHold().isPresent() ? chunks.retryCannotHold(arrived)
                        : arrived;
                FolderState state = progress.state;
                long holdBelow = progress.holdBelow;
                ActionApplier.Records records = progress.unrecorded;
                progress.unrecorded = ActionApplier.Records.NONE;
                inFlight = new InFlight(received, writer.submit(() -> chunks.store(received, state, holdBelow,
                        budget, records)));
                if (committed != null && !received.interrupted()) { // else the connection is gone: next run
                    progress.unrecorded = chunks.finish(folder, committed, tally); // while this chunk commits
                }
                if (received.cannotHold().isPresent()) {
                    // At once, not after fetching another chunk into a heap that just ran out: the commit keeps
                    // what came before the message and sets it aside, which ends this mailbox's run.
                    InFlight last = inFlight;
                    inFlight = null;
                    settle(last, folder, tally, progress);
                }
                if (received.interrupted()) {
                    InFlight last = inFlight;
                    inFlight = null;
                    ChunkDrain.Progress done = settle(last, folder, tally, progress);
                    tally.cut = true;
                    progress.unreached = (int) work.subList(next, work.size()).stream()
                            .filter(item -> item.uid() > done.lastUid()).count();
                    return false;
                }
                next = end;
            }
            InFlight last = inFlight;
            inFlight = null;
            settle(last, folder, tally, progress);
            return true;
        } catch (RuntimeException | Error e) {
            if (inFlight != null) {
                try {
                    settle(inFlight, folder, tally, progress); // what was committing stays committed, and counted
                } catch (RuntimeException | Error also) {
                    e.addSuppressed(also);
                }
            }
            throw e;
        } finally {
            writer.shutdownNow();
        }
    }

    /** A chunk committing on the writer thread. */
    private record InFlight(ChunkDrain.Received chunk, Future<ChunkDrain.Committed> commit) {
    }

    /**
     * Settles the last chunk in flight: waits for its commit, applies its server actions, and records those and
     * any not recorded yet at once. Nothing to do for null.
     */
    private ChunkDrain.Progress settle(InFlight inFlight, FolderSession folder, Tally tally, Progress progress) {
        ChunkDrain.Committed committed = committed(inFlight, tally, progress);
        if (committed == null) {
            return null;
        }
        record(progress);
        progress.unrecorded = chunks.finish(folder, committed, tally);
        record(progress);
        return committed.progress();
    }

    /**
     * Waits for a chunk's commit (rethrowing what failed it), counts it, moves the folder's progress and lets go
     * of the chunk's messages. Null for null.
     */
    private ChunkDrain.Committed committed(InFlight inFlight, Tally tally, Progress progress) {
        if (inFlight == null) {
            return null;
        }
        try (ChunkDrain.Received chunk = inFlight.chunk()) {
            ChunkDrain.Committed committed = await(inFlight.commit());
            tally.add(committed.counts());
            progress.state = progress.state.withLastUid(committed.progress().lastUid());
            progress.holdBelow = committed.progress().holdBelow();
            return committed;
        }
    }

    private void record(Progress progress) {
        ActionApplier.Records records = progress.unrecorded;
        progress.unrecorded = ActionApplier.Records.NONE;
        actions.record(records);
    }

    private static <T> T await(Future<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the commit is short and must not be abandoned half-way: wait it out
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a chunk's commit failed: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The end (exclusive) of the chunk starting at {@code from}, bounded by message count and bytes. */
    private int chunkEnd(List<Item> work, int from) {
        long bytes = 0;
        int end = from;
        while (end < work.size() && end - from < tuning.chunkMessages()) {
            long size = work.get(end).tooBig() ? 0 : work.get(end).size();
            if (end > from && bytes + size > tuning.chunkBytes()) {
                break;
            }
            bytes += size;
            end++;
        }
        return end;
    }

    /**
     * How far this folder's drain got: its state, the lowest UID held back by a refusal, what was not reached, and
     * the queue rows of server actions applied but not recorded yet.
     */
    private static final class Progress {
        FolderState state;
        long holdBelow;
        int unreached;
        ActionApplier.Records unrecorded = ActionApplier.Records.NONE;

        Progress(FolderState state, long holdBelow) {
            this.state = state;
            this.holdBelow = holdBelow;
        }

        /** A window fully handled: the last UID moves to its end, unless a refused message holds it back. */
        void advanceTo(long uid, FolderDrain drain, String folderName) {
            long target = Math.min(uid, holdBelow - 1);
            if (target > state.lastUid()) {
                FolderState advanced = state.withLastUid(target);
                drain.fenced.write(tx -> {
                    tx.folders().put(drain.mailbox, folderName, advanced);
                    return null;
                });
                state = advanced;
            }
        }
    }
}
