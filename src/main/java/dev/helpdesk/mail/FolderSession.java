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
     * Messages with a UID from {@code fromUid} to {@code toUid}, ascending, with their sizes, in one
     * {@code UID FETCH a:b} round trip: a window of the folder, so listing never holds the whole folder.
     */
    List<MessageRef> list(long fromUid, long toUid);

    /**
     * As {@link #list}, with each message's Message-ID read from its header alone
     * ({@code BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]}): who the messages are, without their bodies.
     */
    List<IdentifiedRef> identify(long fromUid, long toUid);

    /** How many messages the folder holds now (EXISTS). */
    int messageCount();

    /** The message sequence number of a UID: how many messages come up to and including it; 0 when gone. */
    int position(long uid);

    /** Whether the message is still in the folder. */
    boolean exists(long uid);

    /**
     * The exact bytes of these messages via {@code BODY.PEEK[]}: small ones in one bulk command read message
     * by message as they arrive, large ones alone in partial fetches into the spool, so none is ever held whole
     * in memory. Every body that arrives is kept even when the server answers NO; the missing ones are asked
     * for alone, and those still refused but present come back in {@link Fetched#refused()} with the server's
     * words. When {@code deadline} passes, the fetch stops after the message in hand and drops the connection.
     * UIDs expunged meanwhile are simply absent. Never sets {@code \\Seen}.
     */
    Fetched fetch(List<MessageRef> refs, Spool spool, Deadline deadline);

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
     * with {@link MailException.Kind#REFUSED} before changing anything: a bare EXPUNGE would also remove other
     * clients' deleted mail. UIDs no longer there are ignored.
     */
    void moveTo(List<Long> uids, String target);

    /** Flags these UIDs {@code \Deleted} and {@code UID EXPUNGE}s exactly them; needs UIDPLUS like {@link #moveTo}. */
    void delete(List<Long> uids);

    /** Deselects the folder without expunging anything; never throws. */
    @Override
    void close();
}
