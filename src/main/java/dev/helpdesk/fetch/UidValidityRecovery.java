package dev.helpdesk.fetch;

import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.IdentifiedRef;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.store.FolderTable.FolderState;
import dev.helpdesk.store.LedgerTable;
import dev.helpdesk.store.MessageTable.Known;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a folder's UIDVALIDITY changed (a server migration, a rebuilt index), every UID names a message
 * anew. Instead of downloading the whole folder again, its messages are identified by Message-ID and size
 * from their headers alone, window by window, and each one the store already holds is recorded in the
 * ledger without its body and without any server action (mark-seen is not applied to old mail again). Only
 * the rest is downloaded, by the normal drain. Progress is kept per window, so a cut run resumes where it
 * stopped. This is not counted against the run's limits.
 */
final class UidValidityRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(UidValidityRecovery.class);

    private final Fenced fenced;
    private final Clock clock;
    private final String mailbox;

    UidValidityRecovery(Fenced fenced, Clock clock, String mailbox) {
        this.fenced = fenced;
        this.clock = clock;
        this.mailbox = mailbox;
    }

    /** Recovers from {@code state.recoveredTo()} to the end; returns the state with the recovery finished. */
    FolderState recover(FolderSession folder, String folderName, FolderState state, Tally tally) {
        long from = state.recoveredTo().orElseThrow() + 1;
        UidWindows<IdentifiedRef> windows = new UidWindows<>(folder, from, FolderSession::identify,
                id -> id.ref().uid());
        int seen = 0;
        int known = 0;
        FolderState current = state;
        for (Optional<UidWindows.Window<IdentifiedRef>> next = windows.next(); next.isPresent(); next = windows.next()) {
            UidWindows.Window<IdentifiedRef> window = next.get();
            List<Long> uids = window.items().stream().map(id -> id.ref().uid()).toList();
            Set<Long> ledgered = fenced.read(tx -> tx.ledger().known(mailbox, folderName,
                    state.uidValidity(), uids));
            List<String> ids = window.items().stream().flatMap(id -> id.messageId().stream()).distinct().toList();
            Map<String, Known> stored = new HashMap<>();
            for (Known k : fenced.read(tx -> tx.messages().withMessageIds(mailbox, ids))) {
                stored.merge(k.messageId() + "\n" + k.size(), k, (a, b) -> a.id() < b.id() ? a : b);
            }
            FolderState before = current;
            Map<Long, Known> matches = new HashMap<>();
            for (IdentifiedRef id : window.items()) {
                id.messageId().map(mid -> stored.get(mid + "\n" + id.ref().size()))
                        .ifPresent(match -> matches.put(id.ref().uid(), match));
            }
            FolderState advanced = new FolderState(before.uidValidity(),
                    accountedUpTo(window, before.lastUid(), uid -> matches.containsKey(uid) || ledgered.contains(uid)),
                    Optional.of(window.to()));
            int recognised = fenced.write(tx -> {
                int count = 0;
                var now = clock.instant();
                for (IdentifiedRef id : window.items()) {
                    Known match = matches.get(id.ref().uid());
                    if (match != null && !ledgered.contains(id.ref().uid())) {
                        tx.ledger().add(new LedgerTable.Entry(mailbox, folderName, before.uidValidity(),
                                id.ref().uid(), Optional.of(match.messageId()), Optional.empty(), id.ref().size(),
                                LedgerTable.Outcome.DUPLICATE, Optional.of(match.id()), now));
                        count++;
                    }
                }
                tx.folders().put(mailbox, folderName, advanced);
                return count;
            });
            seen += window.items().size();
            known += recognised;
            tally.recovered += recognised;
            current = advanced;
        }
        FolderState done = new FolderState(current.uidValidity(), current.lastUid(), Optional.empty());
        fenced.write(tx -> {
            tx.folders().put(mailbox, folderName, done);
            return null;
        });
        LOG.info("mailbox {} folder {}: after the UIDVALIDITY change, {} of {} messages were recognised by Message-ID"
                + " and size and not downloaded again; the other {} are fetched as new", mailbox, folderName, known,
                seen, seen - known);
        return done;
    }

    /**
     * Where last_uid may go after this window: while every UID so far is accounted for, it follows the recovery
     * up to the first message that is not, so the drain's own listing starts there instead of listing the whole
     * folder again. An open-ended window (no UIDNEXT) covers only the UIDs it returned.
     */
    private static long accountedUpTo(UidWindows.Window<IdentifiedRef> window, long lastUid, LongPredicate accounted) {
        if (lastUid < window.from() - 1) {
            return lastUid;
        }
        for (IdentifiedRef id : window.items()) {
            if (!accounted.test(id.ref().uid())) {
                return Math.max(lastUid, id.ref().uid() - 1);
            }
        }
        List<IdentifiedRef> items = window.items();
        return window.to() < MessageRef.MAX_UID ? window.to()
                : items.isEmpty() ? lastUid : Math.max(lastUid, items.get(items.size() - 1).ref().uid());
    }
}
