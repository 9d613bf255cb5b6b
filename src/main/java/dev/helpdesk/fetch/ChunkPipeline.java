package dev.helpdesk.fetch;

import dev.helpdesk.config.ByteSizes;
import dev.helpdesk.fetch.ChunkWriter.Item;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.store.FolderTable.FolderState;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Takes a folder's work through its chunks on two threads: the draining thread receives chunk k + 1 (fetch and
 * prepare) and applies chunk k - 1's server actions while a writer thread commits chunk k. {@link FolderDrain}
 * decides what the work is; this decides how it flows, and keeps the ingest protocol's order: a chunk's actions
 * only after its commit, the commits in the order of the chunks.
 */
final class ChunkPipeline {
    private final ChunkDrain chunks;
    private final ActionApplier actions;
    private final Tuning tuning;
    private final String mailbox;

    ChunkPipeline(ChunkDrain chunks, ActionApplier actions, Tuning tuning, String mailbox) {
        this.chunks = chunks;
        this.actions = actions;
        this.tuning = tuning;
        this.mailbox = mailbox;
    }

    /**
     * Commits the items chunk by chunk; false when the run's time ran out or the connection was cut before all
     * of them were done. The drain's time is about half parsing and half SQLite, and the machine has more than
     * one core: hence the writer thread. The queue rows of applied actions are cleared in a later chunk's
     * transaction (after the last chunk, at once), so that the store is the writer's alone while chunks come in.
     */
    boolean run(FolderSession folder, String folderName, List<Item> work, Budget budget, Tally tally,
            FolderProgress progress) {
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "helpdesk-writer-" + mailbox);
            thread.setDaemon(true);
            return thread;
        });
        InFlight inFlight = null;
        try {
            int next = 0;
            for (int chunk = 0; next < work.size(); chunk++) {
                int end = chunkEnd(work, next, tuning.messagesInChunk(chunk));
                boolean someDone = inFlight != null || tally.stored + tally.duplicates + tally.quarantined > 0;
                if (!budget.timeLeft() && someDone) {
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
                    progress.unrecorded = finish(folder, committed, tally); // while this chunk commits
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

    /**
     * After {@link ChunkDrain#store}: reports a lost connection (what arrived is committed), applies the chunk's
     * server actions unless the connection is gone, and reports a message that could not be held in memory.
     * Returns the queue rows left to update (in a later {@link ChunkDrain#store}, or by {@link
     * ActionApplier#record}). Actions of earlier chunks that the server refused are not tried again until the
     * next run, which starts with them.
     */
    private ActionApplier.Records finish(FolderSession folder, ChunkDrain.Committed chunk, Tally tally) {
        if (chunk.ending().lost().isPresent()) {
            throw chunk.ending().lost().get(); // what arrived is committed; the mailbox reports the lost connection
        }
        if (chunk.ending().cut()) {
            return ActionApplier.Records.NONE; // the connection is gone; the queued actions wait for the next run
        }
        ActionApplier.Applied applied = actions.apply(folder, chunk.folderName(), chunk.actions());
        tally.applied += applied.count();
        applied.refusal().ifPresent(tally::actionRefused);
        if (chunk.cannotHold().isPresent()) {
            actions.record(applied.records()); // the run ends here
            throw new MessageFailure(chunk.folderName(), chunk.cannotHold().get().uid(), "too large to hold in memory ("
                    + ByteSizes.format(chunk.cannotHold().get().size()) + "); it is set aside as too big: see `helpdesk"
                    + " skipped list`, give helpdesk more heap (HELPDESK_JAVA_OPTS=-Xmx512m) and run `helpdesk"
                    + " skipped fetch`", null);
        }
        return applied.records();
    }

    /** A chunk committing on the writer thread. */
    private record InFlight(ChunkDrain.Received chunk, Future<ChunkDrain.Committed> commit) {
    }

    /**
     * Settles the last chunk in flight: waits for its commit, applies its server actions, and records those and
     * any not recorded yet at once. Nothing to do for null.
     */
    private ChunkDrain.Progress settle(InFlight inFlight, FolderSession folder, Tally tally, FolderProgress progress) {
        ChunkDrain.Committed committed = committed(inFlight, tally, progress);
        if (committed == null) {
            return null;
        }
        record(progress);
        progress.unrecorded = finish(folder, committed, tally);
        record(progress);
        return committed.progress();
    }

    /**
     * Waits for a chunk's commit (rethrowing what failed it), counts it, moves the folder's progress and lets go
     * of the chunk's messages. Null for null.
     */
    private ChunkDrain.Committed committed(InFlight inFlight, Tally tally, FolderProgress progress) {
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

    private void record(FolderProgress progress) {
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
    private int chunkEnd(List<Item> work, int from, int messages) {
        long bytes = 0;
        int end = from;
        while (end < work.size() && end - from < messages) {
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
    static final class FolderProgress {
        FolderState state;
        long holdBelow;
        int unreached;
        ActionApplier.Records unrecorded = ActionApplier.Records.NONE;

        FolderProgress(FolderState state, long holdBelow) {
            this.state = state;
            this.holdBelow = holdBelow;
        }

    }
}
