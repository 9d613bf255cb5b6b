package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.config.ByteSizes;
import dev.helpdesk.fetch.ChunkWriter.Item;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.mail.RawMessage;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.SetAsideTable;
import dev.helpdesk.store.SetAsideTable.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one folder by the ingest protocol: finish queued actions, take set-aside messages that are due,
 * list candidates above the stored UID (all of them after a UIDVALIDITY change), then chunk by chunk: fetch
 * bodies with BODY.PEEK[] (large ones spooled, never whole in memory), prepare them outside any
 * transaction, commit the chunk with its ledger rows, queued actions and lease renewal, apply the actions.
 */
final class FolderDrain {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDrain.class);

    private final Fenced fenced;
    private final ActionApplier actions;
    private final Ingest ingest;
    private final Checkpoints checkpoints;
    private final Tuning tuning;
    private final Clock clock;
    private final String mailbox;
    private final AfterFetch afterFetch;
    private final Path spoolDir;

    FolderDrain(Fenced fenced, ActionApplier actions, Ingest ingest, Checkpoints checkpoints, Tuning tuning,
            Clock clock, String mailbox, AfterFetch afterFetch, Path spoolDir) {
        this.fenced = fenced;
        this.actions = actions;
        this.ingest = ingest;
        this.checkpoints = checkpoints;
        this.tuning = tuning;
        this.clock = clock;
        this.mailbox = mailbox;
        this.afterFetch = afterFetch;
        this.spoolDir = spoolDir;
    }

    /**
     * @param onlyRequested take only the set-aside messages an admin asked for (`skipped fetch`), regardless
     *     of the limits; list nothing new
     */
    MailboxReport.Counts drain(FolderSession folder, String folderName, Budget budget, boolean onlyRequested) {
        Tally tally = new Tally();
        tally.applied = actions.applyPending(folder, folderName);
        long uidValidity = folder.uidValidity();
        int dropped = fenced.write(tx -> tx.setAside().dropOtherUidValidity(mailbox, folderName, uidValidity));
        if (dropped > 0) {
            LOG.info("mailbox {} folder {}: {} set-aside messages belong to an older UIDVALIDITY; they are listed"
                    + " again under their new UIDs", mailbox, folderName, dropped);
        }
        List<SetAsideTable.Entry> due = fenced.read(tx -> tx.setAside().due(mailbox, folderName, uidValidity,
                budget.maxMessageSize()));
        List<Item> work = new ArrayList<>();
        List<MessageRef> planned = new ArrayList<>();
        Map<Long, SetAsideTable.Entry> retries = new HashMap<>();
        for (SetAsideTable.Entry entry : due) {
            if (entry.requested()) {
                work.add(new Item(entry.uid(), entry.size(), false, Optional.of(entry))); // regardless of limits
            } else if (!onlyRequested) {
                planned.add(new MessageRef(entry.uid(), entry.size()));
                retries.put(entry.uid(), entry);
            }
        }
        long lastUid = 0;
        if (!onlyRequested) {
            Candidates found = Candidates.of(folder, fenced.read(tx -> tx.folders().find(mailbox, folderName)),
                    uids -> fenced.read(tx -> tx.ledger().known(mailbox, folderName, uidValidity, uids)));
            found.previous().ifPresent(old -> LOG.warn("mailbox {} folder {}: UIDVALIDITY changed from {} to {};"
                    + " every message is a candidate again and copies are recognised by their content",
                    mailbox, folderName, old.uidValidity(), uidValidity));
            planned.addAll(found.refs());
            lastUid = found.lastUid();
        }
        Budget.Plan plan = budget.plan(planned);
        for (Budget.Step step : plan.steps()) {
            work.add(new Item(step.ref().uid(), step.ref().size(), step.tooBig(),
                    Optional.ofNullable(retries.get(step.ref().uid()))));
        }
        tally.remaining = plan.remaining();
        ChunkWriter writer = new ChunkWriter(mailbox, folderName, uidValidity);
        int next = 0;
        while (next < work.size()) {
            int end = chunkEnd(work, next);
            if (next > 0 && !budget.timeLeft()) {
                tally.remaining += work.size() - next;
                break;
            }
            lastUid = commit(folder, folderName, writer, work.subList(next, end), lastUid, uidValidity, budget, tally);
            next = end;
        }
        return new MailboxReport.Counts(tally.stored, tally.duplicates, tally.quarantined, tally.setAside,
                tally.applied, tally.remaining, tally.bytes);
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

    /** One chunk: fetch, prepare, one transaction, then the chunk's server actions. Returns the new last UID. */
    private long commit(FolderSession folder, String folderName, ChunkWriter writer, List<Item> chunk, long lastUid,
            long uidValidity, Budget budget, Tally tally) {
        try (Spool spool = Spool.under(spoolDir)) {
            List<MessageRef> wanted = chunk.stream().filter(item -> !item.tooBig())
                    .map(item -> new MessageRef(item.uid(), item.size())).toList();
            Map<Long, Content> bodies = new HashMap<>();
            for (RawMessage raw : folder.fetch(wanted, spool)) {
                bodies.put(raw.uid(), raw.content());
            }
            // Too-big ones are rare: their header section (one small round trip each) tells the admin what they are.
            Map<Long, Optional<byte[]>> headers = new HashMap<>();
            chunk.stream().filter(Item::tooBig).forEach(item -> headers.put(item.uid(), folder.headers(item.uid())));
            checkpoints.reached(Checkpoints.FETCHED);
            Map<Long, Prepared> prepared = new LinkedHashMap<>();
            Optional<Item> cannotHold = Optional.empty();
            for (Item item : chunk) {
                Content body = bodies.get(item.uid());
                if (body == null) {
                    continue;
                }
                try {
                    checkpoints.reached(Checkpoints.PREPARING);
                    prepared.put(item.uid(), ingest.prepare(body, spool));
                } catch (OutOfMemoryError e) {
                    cannotHold = Optional.of(item); // what came before it is committed; it is set aside
                    break;
                } catch (RuntimeException e) {
                    throw new MessageFailure(folderName, item.uid(), e.getMessage(), e);
                }
            }
            Optional<Item> failed = cannotHold;
            List<Item> done = failed.map(item -> chunk.subList(0, chunk.indexOf(item) + 1)).orElse(chunk);
            long newLastUid = Math.max(lastUid, done.stream().filter(item -> item.setAside().isEmpty())
                    .mapToLong(Item::uid).max().orElse(lastUid));
            fenced.write(tx -> {
                var now = clock.instant();
                for (Item item : done) {
                    if (item.tooBig()) {
                        writer.setAside(tx, item, Reason.TOO_BIG, Optional.empty(),
                                Optional.of(budget.maxMessageSize()), headers.get(item.uid()), now);
                        tally.setAside++;
                    } else if (failed.isPresent() && failed.get() == item) {
                        writer.setAside(tx, item, Reason.TOO_BIG, Optional.of("could not be held in memory ("
                                + ByteSizes.format(Runtime.getRuntime().maxMemory()) + " heap)"), Optional.empty(),
                                Optional.empty(), now);
                        tally.setAside++;
                    } else if (prepared.containsKey(item.uid())) {
                        Ingest.Result written = ingest.write(tx, folderName, item.uid(),
                                prepared.get(item.uid()), now);
                        writer.fetched(tx, item, written, now);
                        tally.count(written.outcome(), item.size());
                        if (afterFetch.kind() != AfterFetch.Kind.NONE) {
                            tx.actions().queue(mailbox, folderName, uidValidity, item.uid(), afterFetch.toString(), now);
                        }
                    } // else expunged by another client since the listing: nothing to store, nothing lost
                }
                tx.folders().put(mailbox, folderName, new FolderState(uidValidity, newLastUid));
                return null;
            });
            checkpoints.reached(Checkpoints.COMMITTED);
            tally.applied += actions.applyPending(folder, folderName);
            if (failed.isPresent()) {
                throw new MessageFailure(folderName, failed.get().uid(), "too large to hold in memory ("
                        + ByteSizes.format(failed.get().size()) + "); it is set aside as too big: see `helpdesk skipped"
                        + " list`, give helpdesk more heap (HELPDESK_JAVA_OPTS=-Xmx512m) and run `helpdesk skipped fetch`",
                        null);
            }
            return newLastUid;
        }
    }

    /** Running counts of one folder's drain. */
    private static final class Tally {
        int stored;
        int duplicates;
        int quarantined;
        int setAside;
        int applied;
        int remaining;
        long bytes;

        void count(Outcome outcome, long size) {
            bytes += size;
            switch (outcome) {
                case STORED -> stored++;
                case DUPLICATE -> duplicates++;
                case QUARANTINED -> quarantined++;
                default -> throw new IllegalStateException("unexpected outcome " + outcome);
            }
        }
    }
}
