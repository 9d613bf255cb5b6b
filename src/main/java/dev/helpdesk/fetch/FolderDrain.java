package dev.helpdesk.fetch;

import dev.helpdesk.config.AfterFetch;
import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.mail.RawMessage;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.LedgerTable.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one folder by the ingest protocol: finish queued actions, list candidates above the
 * stored UID (all of them after a UIDVALIDITY change), fetch bodies in chunks with BODY.PEEK[],
 * commit each chunk with its ledger rows, queued actions and lease renewal, then apply the actions.
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

    FolderDrain(Fenced fenced, ActionApplier actions, Ingest ingest, Checkpoints checkpoints, Tuning tuning,
            Clock clock, String mailbox, AfterFetch afterFetch) {
        this.fenced = fenced;
        this.actions = actions;
        this.ingest = ingest;
        this.checkpoints = checkpoints;
        this.tuning = tuning;
        this.clock = clock;
        this.mailbox = mailbox;
        this.afterFetch = afterFetch;
    }

    MailboxReport.Counts drain(FolderSession folder, String folderName, Budget budget) {
        int applied = actions.applyPending(folder, folderName);
        long uidValidity = folder.uidValidity();
        Candidates found = Candidates.of(folder, fenced.read(tx -> tx.folders().find(mailbox, folderName)),
                uids -> fenced.read(tx -> tx.ledger().known(mailbox, folderName, uidValidity, uids)));
        found.previous().ifPresent(old -> LOG.warn("mailbox {} folder {}: UIDVALIDITY changed from {} to {}; every"
                + " message is a candidate again and duplicates are recognised by Message-ID or content",
                mailbox, folderName, old.uidValidity(), uidValidity));
        List<MessageRef> candidates = found.refs();
        long lastUid = found.lastUid();

        ChunkWriter writer = new ChunkWriter(ingest, mailbox, folderName, uidValidity);
        Tally tally = new Tally();
        List<MessageRef> chunk = new ArrayList<>();
        long chunkBytes = 0;
        int taken = 0;
        for (MessageRef ref : candidates) {
            boolean oversized = ref.size() > budget.maxMessageSize();
            if (!oversized && !budget.allows(ref.size())) {
                break;
            }
            if (!chunk.isEmpty()
                    && (chunk.size() >= tuning.chunkMessages() || chunkBytes + ref.size() > tuning.chunkBytes())) {
                lastUid = commit(folder, folderName, writer, chunk, lastUid, uidValidity, budget.maxMessageSize(), tally);
                chunk.clear();
                chunkBytes = 0;
            }
            chunk.add(ref);
            taken++;
            if (!oversized) {
                chunkBytes += ref.size();
                budget.spend(ref.size());
            }
        }
        if (!chunk.isEmpty()) {
            commit(folder, folderName, writer, chunk, lastUid, uidValidity, budget.maxMessageSize(), tally);
        }
        return new MailboxReport.Counts(tally.stored, tally.duplicates, tally.quarantined, tally.oversized,
                applied + tally.applied, candidates.size() - taken, tally.bytes);
    }

    /** One chunk: bulk fetch, one transaction, then the chunk's server actions. Returns the new last UID. */
    private long commit(FolderSession folder, String folderName, ChunkWriter writer, List<MessageRef> chunk,
            long lastUid, long uidValidity, long maxMessageSize, Tally tally) {
        List<Long> wanted = chunk.stream().filter(ref -> ref.size() <= maxMessageSize)
                .map(MessageRef::uid).toList();
        Map<Long, byte[]> bodies = folder.fetch(wanted).stream()
                .collect(Collectors.toMap(RawMessage::uid, RawMessage::bytes));
        // Oversized ones are rare: their header section (one small round trip each) tells the admin what they are.
        Map<Long, Optional<byte[]>> headers = chunk.stream().filter(ref -> ref.size() > maxMessageSize)
                .collect(Collectors.toMap(MessageRef::uid, ref -> folder.headers(ref.uid())));
        checkpoints.reached(Checkpoints.FETCHED);
        long newLastUid = Math.max(lastUid, chunk.get(chunk.size() - 1).uid());
        fenced.write(tx -> {
            var now = clock.instant();
            for (MessageRef ref : chunk) {
                if (ref.size() > maxMessageSize) {
                    writer.oversized(tx, ref.uid(), ref.size(), headers.get(ref.uid()), now);
                    tally.oversized++;
                    continue;
                }
                byte[] raw = bodies.get(ref.uid());
                if (raw == null) {
                    continue; // expunged by another client since the listing: nothing to store, nothing lost
                }
                Outcome outcome = writer.write(tx, ref.uid(), raw, now);
                tally.count(outcome, raw.length);
                if (afterFetch.kind() != AfterFetch.Kind.NONE) {
                    tx.actions().queue(mailbox, folderName, uidValidity, ref.uid(), afterFetch.toString(), now);
                }
            }
            tx.folders().put(mailbox, folderName, new FolderState(uidValidity, newLastUid));
            return null;
        });
        checkpoints.reached(Checkpoints.COMMITTED);
        tally.applied += actions.applyPending(folder, folderName);
        return newLastUid;
    }

    /** Running counts of one folder's drain. */
    private static final class Tally {
        int stored;
        int duplicates;
        int quarantined;
        int oversized;
        int applied;
        long bytes;

        void count(Outcome outcome, long size) {
            bytes += size;
            switch (outcome) {
                case STORED -> stored++;
                case DUPLICATE -> duplicates++;
                case QUARANTINED -> quarantined++;
                case OVERSIZED -> oversized++;
                default -> throw new IllegalStateException("unexpected outcome " + outcome);
            }
        }
    }
}
