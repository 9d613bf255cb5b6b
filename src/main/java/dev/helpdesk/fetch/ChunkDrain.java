package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.config.ByteSizes;
import dev.helpdesk.fetch.ChunkWriter.Item;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.Fetched;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.mail.RawMessage;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.ActionTable.Pending;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.SetAsideTable.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chunk of a folder's drain, in three stages. {@link #receive}: fetch its bodies (every one that arrives is
 * kept, also when the server answers NO; when the run's time is up the messages received whole are kept and the
 * rest waits) and prepare them outside any transaction. {@link #store}: commit them in one transaction (on disk
 * before any action that moves or removes mail); it may run on another thread while the next chunk is received.
 * Then {@link ChunkPipeline#finish}: once committed, apply the server actions the chunk queued.
 */
final class ChunkDrain {
    private final Fenced fenced;
    private final Ingest ingest;
    private final Checkpoints checkpoints;
    private final Clock clock;
    private final String mailbox;
    private final AfterFetch afterFetch;
    private final Path spoolDir;
    private final Helpers helpers;

    ChunkDrain(Fenced fenced, Ingest ingest, Checkpoints checkpoints, Clock clock,
            String mailbox, AfterFetch afterFetch, Path spoolDir, Helpers helpers) {
        this.fenced = fenced;
        this.ingest = ingest;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.mailbox = mailbox;
        this.afterFetch = afterFetch;
        this.spoolDir = spoolDir;
        this.helpers = helpers;
    }

    /**
     * What the chunk did to the folder's progress. {@code lastUid}: every message at or below it is handled;
     * {@code holdBelow}: the lowest UID whose body was refused and must be tried again (Long.MAX_VALUE when
     * none).
     */
    record Progress(long lastUid, long holdBelow) {
    }

    /**
     * A committed chunk, as much of it as the receiving thread still needs once its messages are let go: the
     * folder's progress, the chunk's counts (for the run's, which only that thread touches), the server actions
     * it queued, and how its fetch ended.
     */
    record Committed(String folderName, Progress progress, Tally counts, List<Pending> actions, Fetched ending,
            Optional<Item> cannotHold) {
    }

    /**
     * A chunk received and prepared, waiting for its transaction. It owns the spool its large parts live in:
     * close it once stored.
     *
     * @param items the chunk's items, in order
     * @param handled the items the chunk finishes, in order (see {@link #handled})
     * @param cannotHold a message too big to hold in memory: what came before it is committed, it is set aside
     */
    record Received(String folderName, List<Item> items, List<Item> handled, Fetched fetched,
            Map<Long, Prepared> prepared, Map<Long, Optional<byte[]>> headers, Optional<Item> cannotHold, Spool spool)
            implements AutoCloseable {
        /** True when nothing more can come over this connection: the fetch was cut or the connection lost. */
        boolean interrupted() {
            return fetched.cut() || fetched.lost().isPresent();
        }

        @Override
        public void close() {
            spool.close();
        }
    }

    /** Fetches and prepares the chunk; no transaction is open meanwhile. */
    Received receive(FolderSession folder, String folderName, List<Item> chunk, Budget budget) {
        Spool spool = Spool.under(spoolDir);
        try {
            List<MessageRef> wanted = chunk.stream().filter(item -> !item.tooBig())
                    .map(item -> new MessageRef(item.uid(), item.size())).toList();
            Fetched fetched = folder.fetch(wanted, spool, () -> !budget.timeLeft());
            // Too-big ones are rare: their header section (one small round trip each) tells the admin what they are.
            Map<Long, Optional<byte[]>> headers = new HashMap<>();
            if (!fetched.cut()) {
                chunk.stream().filter(Item::tooBig).forEach(item -> headers.put(item.uid(), folder.headers(item.uid())));
            }
            checkpoints.reached(Checkpoint.FETCHED);
            return prepare(new Received(folderName, chunk, List.of(), fetched, Map.of(), headers, Optional.empty(),
                    spool), chunk, helpers);
        } catch (RuntimeException | Error e) {
            spool.close();
            throw e;
        }
    }

    /**
     * Prepares once more, alone, from the message the heap could not hold on: it was prepared beside others (the
     * helpers' messages, and the chunk before it, still held for its commit), and with those let go it may well
     * fit (once it does not, it is set aside as before). The same bodies, nothing fetched again; the chunk is
     * closed if this fails.
     */
    Received retryCannotHold(Received chunk) {
        List<Item> items = chunk.items();
        try (Helpers alone = Helpers.none()) {
            return prepare(chunk, items.subList(items.indexOf(chunk.cannotHold().orElseThrow()), items.size()), alone);
        } catch (RuntimeException | Error e) {
            chunk.close();
            throw e;
        }
    }

    /**
     * Prepares {@code todo} (the chunk's items from some on), keeping what was prepared before them, on this thread
     * and {@code helpers} at once. The outcomes are read in UID order, as one thread preparing them in turn
     * would meet them: the first message the heap could not hold ends the chunk there, and the first that failed
     * otherwise fails it.
     */
    private Received prepare(Received chunk, List<Item> todo, Helpers helpers) {
        Map<Long, Content> bodies = new HashMap<>();
        for (RawMessage raw : chunk.fetched().messages()) {
            bodies.put(raw.uid(), raw.content());
        }
        List<Item> present = todo.stream().filter(item -> bodies.containsKey(item.uid())).toList();
        List<Helpers.Outcome<Prepared>> outcomes = helpers.run(present.size(),
                i -> checkpoints.reached(Checkpoint.PREPARING),
                i -> ingest.prepare(bodies.get(present.get(i).uid()), chunk.spool()));
        Map<Long, Prepared> prepared = new LinkedHashMap<>(chunk.prepared());
        Optional<Item> cannotHold = Optional.empty();
        for (int i = 0; i < present.size(); i++) {
            Item item = present.get(i);
            Helpers.Outcome<Prepared> outcome = outcomes.get(i);
            // No outcome at all, before any failure: the heap ran out even for recording one.
            if (outcome == null || outcome.failure() instanceof OutOfMemoryError) {
                cannotHold = Optional.of(item); // what came before it is committed; it is set aside
                break;
            }
            if (outcome.failure() instanceof RuntimeException e) {
                throw new MessageFailure(chunk.folderName(), item.uid(), e.getMessage(), e);
            }
            if (outcome.failure() instanceof Error e) {
                throw e;
            }
            prepared.put(item.uid(), outcome.value());
        }
        return new Received(chunk.folderName(), chunk.items(), handled(chunk.items(), chunk.fetched(), bodies,
                cannotHold), chunk.fetched(), prepared, chunk.headers(), cannotHold, chunk.spool());
    }

    /**
     * Commits a received chunk, and in the same transaction the queue rows of server actions an earlier chunk's
     * {@link ChunkPipeline#finish} applied. Runs on the writer thread while the next chunk is received: it uses
     * the store and this chunk's spool, and counts in a tally of its own, which the receiving thread adds to the
     * run's.
     *
     * @param state the folder's state before the chunk; {@code lastUid} advances only through new mail
     *     (set-aside messages fetched again lie below it)
     */
    Committed store(Received chunk, FolderState state, long holdBelow, Budget budget, ActionApplier.Records applied) {
        Committed committed = commitHandled(chunk, state, holdBelow, budget, applied);
        checkpoints.reached(Checkpoint.COMMITTED);
        return committed;
    }

    /**
     * The items this chunk finishes, in order: all of them, unless the fetch was cut (then those before the
     * first message that did not arrive) or a message could not be held (then those up to it).
     */
    private static List<Item> handled(List<Item> chunk, Fetched fetched, Map<Long, Content> bodies,
            Optional<Item> cannotHold) {
        if (cannotHold.isPresent()) {
            return chunk.subList(0, chunk.indexOf(cannotHold.get()) + 1);
        }
        if (!fetched.cut()) {
            return chunk;
        }
        int end = 0;
        while (end < chunk.size() && !chunk.get(end).tooBig() && bodies.containsKey(chunk.get(end).uid())) {
            end++;
        }
        return chunk.subList(0, end);
    }

    /**
     * The chunk's transaction. The last UID advances through the handled messages of new mail, but never to
     * or past one whose body was refused and is to be tried again ({@code holdBelow}, lowered here).
     */
    private Committed commitHandled(Received chunk, FolderState state, long holdBelow, Budget budget,
            ActionApplier.Records applied) {
        String folderName = chunk.folderName();
        List<Item> handled = chunk.handled();
        Fetched fetched = chunk.fetched();
        Map<Long, Prepared> prepared = chunk.prepared();
        Map<Long, Optional<byte[]>> headers = chunk.headers();
        Optional<Item> cannotHold = chunk.cannotHold();
        // Counted inside the transaction, added to the run's counts only once it committed.
        Tally tally = new Tally();
        List<Pending> queued = new ArrayList<>();
        dev.helpdesk.store.TxWork<Progress> work = tx -> {
            ChunkWriter writer = new ChunkWriter(mailbox, folderName, state.uidValidity());
            List<Long> toQueue = new ArrayList<>();
            applied.writeTo(tx);
            var now = clock.instant();
            long hold = holdBelow;
            boolean refusalsToForget = tx.refusals().any(mailbox, folderName, state.uidValidity());
            for (Item item : handled) {
                String refusal = fetched.refused().get(item.uid());
                if (item.tooBig()) {
                    writer.setAside(tx, item, Reason.TOO_BIG, Optional.empty(), Optional.of(budget.maxMessageSize()),
                            headers.getOrDefault(item.uid(), Optional.empty()), now);
                    tally.setAside++;
                } else if (cannotHold.isPresent() && cannotHold.get() == item) {
                    writer.setAside(tx, item, Reason.TOO_BIG, Optional.of("could not be held in memory ("
                            + ByteSizes.format(Runtime.getRuntime().maxMemory()) + " heap)"), Optional.empty(),
                            Optional.empty(), now);
                    tally.setAside++;
                } else if (prepared.containsKey(item.uid())) {
                    Ingest.Result written = ingest.write(tx, folderName, item.uid(), prepared.get(item.uid()), now);
                    writer.fetched(tx, item, written, now);
                    if (refusalsToForget) {
                        tx.refusals().clear(mailbox, folderName, state.uidValidity(), item.uid());
                    }
                    tally.count(written.outcome(), item.size());
                    if (queuesAction(written.outcome())) {
                        toQueue.add(item.uid());
                    }
                } else if (refusal != null) {
                    int runs = tx.refusals().count(mailbox, folderName, state.uidValidity(), item.uid(), refusal, now);
                    if (runs >= DrainSettings.REFUSALS_BEFORE_SET_ASIDE) {
                        writer.setAside(tx, item, Reason.UNFETCHABLE, Optional.of(refusal + " (in " + runs + " runs)"),
                                Optional.empty(), Optional.empty(), now);
                        tx.refusals().clear(mailbox, folderName, state.uidValidity(), item.uid());
                        tally.setAside++;
                    } else {
                        hold = Math.min(hold, item.uid());
                        tally.refusal("UID " + item.uid() + " in folder \"" + folderName + "\": " + refusal
                                + "; tried again next run (" + runs + " of " + DrainSettings.REFUSALS_BEFORE_SET_ASIDE + ")");
                    }
                } // else expunged by another client since the listing: nothing to store, nothing lost
            }
            writer.flush(tx);
            queued.addAll(tx.actions().queue(mailbox, folderName, state.uidValidity(), toQueue, afterFetch.toString(),
                    now));
            long through = state.lastUid();
            for (Item item : handled) {
                if (item.setAside().isEmpty() && item.uid() < hold) {
                    through = Math.max(through, item.uid());
                }
            }
            long newLastUid = Math.max(state.lastUid(), Math.min(through, hold - 1));
            tx.folders().put(mailbox, folderName, state.withLastUid(newLastUid));
            return new Progress(newLastUid, hold);
        };
        // A move or delete follows: the commit must be on disk first, or a power cut loses mail the server removed.
        Progress progress = destructive() ? fenced.writeDurably(work) : fenced.write(work);
        return new Committed(folderName, progress, tally, List.copyOf(queued), new Fetched(List.of(),
                fetched.refused(), fetched.cut(), fetched.lost()), cannotHold);
    }

    /**
     * A copy of mail already stored still gets a move or delete (it is the same mail), but not mark-seen: after
     * a UIDVALIDITY change that would undo staff who marked old mail unread.
     */
    private boolean queuesAction(Outcome outcome) {
        return afterFetch.kind() != AfterFetch.Kind.NONE
                && !(outcome == Outcome.DUPLICATE && afterFetch.kind() == AfterFetch.Kind.MARK_SEEN);
    }

    private boolean destructive() {
        return afterFetch.kind() == AfterFetch.Kind.MOVE || afterFetch.kind() == AfterFetch.Kind.DELETE;
    }
}
