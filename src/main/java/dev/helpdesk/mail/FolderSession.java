package dev.helpdesk.mail;

import java.util.List;
import java.util.Optional;

/**
 * One selected folder. Every read uses {@code BODY.PEEK}, so nothing here sets {@code \Seen} except
 * {@link #markSeen}; every write names exact UIDs, so other clients' messages and flags are never touched.
 */
public interface FolderSession extends AutoCloseable {

    /** The folder's UIDVALIDITY as reported when it was selected. */
    long uidValidity();

    /** The folder's UIDNEXT as reported when it was selected. */
    long uidNext();

    /**
     * Messages with a UID above {@code lastUid}, ascending, with their sizes, in one {@code UID FETCH n:*}
     * round trip. IMAP answers {@code n:*} with the highest message even when its UID is below n; such
     * messages are filtered out here.
     */
    List<MessageRef> listAfter(long lastUid);

    /** Every message present now, ascending, with sizes; for a changed UIDVALIDITY. */
    List<MessageRef> listAll();

    /**
     * The exact bytes of these messages via {@code BODY.PEEK[]}: small ones in one bulk command (split only
     * when the UID set would make an overlong command line), large ones alone in partial fetches into the
     * spool, so none is ever held whole in memory. Result order follows {@code refs}; UIDs expunged meanwhile
     * are simply absent. Never sets {@code \Seen}.
     */
    List<RawMessage> fetch(List<MessageRef> refs, Spool spool);

    /**
     * The header section of one message ({@code BODY.PEEK[HEADER]}, at most its first megabyte) without its
     * body; empty if it is gone.
     */
    Optional<byte[]> headers(long uid);

    /** Adds {@code \Seen} to these UIDs; idempotent, UIDs no longer there are ignored. */
    void markSeen(List<Long> uids);

    /**
     * Moves these UIDs to {@code target}, creating it when missing. Uses MOVE when advertised; otherwise COPY,
     * {@code \Deleted} and {@code UID EXPUNGE} of exactly these UIDs, which needs UIDPLUS. Without either, fails
     * with {@link MailException.Kind#PROTOCOL} before changing anything: a bare EXPUNGE would also remove other
     * clients' deleted mail. UIDs no longer there are ignored.
     */
    void moveTo(List<Long> uids, String target);

    /** Flags these UIDs {@code \Deleted} and {@code UID EXPUNGE}s exactly them; needs UIDPLUS like {@link #moveTo}. */
    void delete(List<Long> uids);

    /** Deselects the folder without expunging anything; never throws. */
    @Override
    void close();
}
