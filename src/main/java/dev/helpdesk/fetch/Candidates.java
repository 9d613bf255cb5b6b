package dev.helpdesk.fetch;

import dev.helpdesk.mail.FolderSession;
import dev.helpdesk.mail.MessageRef;
import dev.helpdesk.store.FolderTable.FolderState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The messages of a folder a run still has to take, by the one rule both fetch and dry run follow:
 * above the stored last UID while UIDVALIDITY is unchanged, else every message; minus the UIDs the
 * ledger already holds under the current UIDVALIDITY.
 *
 * @param refs ascending, with sizes
 * @param lastUid the last UID handled under the current UIDVALIDITY (0 after a change)
 * @param previous the stored state when UIDVALIDITY changed since it was written
 */
record Candidates(List<MessageRef> refs, long lastUid, Optional<FolderState> previous) {

    static Candidates of(FolderSession folder, Optional<FolderState> stored,
            Function<List<Long>, Set<Long>> inLedger) {
        long uidValidity = folder.uidValidity();
        Optional<FolderState> trusted = stored.filter(state -> state.uidValidity() == uidValidity);
        List<MessageRef> listed = trusted.isPresent() ? folder.listAfter(trusted.get().lastUid()) : folder.listAll();
        Set<Long> known = inLedger.apply(listed.stream().map(MessageRef::uid).toList());
        return new Candidates(listed.stream().filter(ref -> !known.contains(ref.uid())).toList(),
                trusted.map(FolderState::lastUid).orElse(0L), trusted.isPresent() ? Optional.empty() : stored);
    }
}
