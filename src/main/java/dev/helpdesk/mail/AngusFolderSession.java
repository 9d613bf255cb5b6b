package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** A folder selected read-write through Angus; every command goes by UID (see {@link UidCommands}). */
final class AngusFolderSession implements FolderSession {
    private final IMAPFolder folder;
    private final ServerCapabilities capabilities;
    private final SocketTracker sockets;
    private final String where;
    private final long uidValidity;
    private final long uidNext;

    AngusFolderSession(IMAPFolder folder, ServerCapabilities capabilities, SocketTracker sockets, String where,
            long uidValidity, long uidNext) {
        this.folder = folder;
        this.sockets = sockets;
        this.capabilities = capabilities;
        this.where = where;
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
    }

    @Override
    public long uidValidity() {
        return uidValidity;
    }

    @Override
    public long uidNext() {
        return uidNext;
    }

    @Override
    public List<MessageRef> list(long fromUid, long toUid) {
        if (fromUid < 1 || toUid < fromUid) {
            throw new IllegalArgumentException("not a UID range: " + fromUid + ":" + toUid);
        }
        // Some servers answer a UID FETCH in an empty folder with an error rather than nothing.
        if (messageCount() == 0 || fromUid > UidSet.MAX_UID) {
            return List.of();
        }
        String range = fromUid + ":" + Math.min(toUid, UidSet.MAX_UID);
        List<MessageRef> refs = run("listing messages", p -> UidCommands.sizes(p, range));
        return refs.stream().filter(ref -> ref.uid() >= fromUid && ref.uid() <= toUid)
                .sorted(Comparator.comparingLong(MessageRef::uid)).toList();
    }

    @Override
    public List<IdentifiedRef> identify(long fromUid, long toUid) {
        if (messageCount() == 0 || fromUid > UidSet.MAX_UID) {
            return List.of();
        }
        String range = fromUid + ":" + Math.min(toUid, UidSet.MAX_UID);
        List<IdentifiedRef> refs = run("reading Message-IDs", p -> UidCommands.identities(p, range));
        return refs.stream().filter(id -> id.ref().uid() >= fromUid && id.ref().uid() <= toUid)
                .sorted(Comparator.comparingLong(id -> id.ref().uid())).toList();
    }

    @Override
    public int messageCount() {
        try {
            return folder.getMessageCount(); // tracked since SELECT; Angus may send a NOOP to refresh it
        } catch (MessagingException e) {
            throw Failures.during("counting messages", where, e);
        }
    }

    @Override
    public int position(long uid) {
        String set = UidSet.batches(List.of(uid)).get(0);
        Integer position = run("locating a message", p -> UidCommands.position(p, set));
        return position;
    }

    @Override
    public boolean exists(long uid) {
        String set = UidSet.batches(List.of(uid)).get(0);
        Optional<String> present = run("checking a message", p -> UidCommands.present(p, set));
        return present.isPresent();
    }

    @Override
    public Fetched fetch(List<MessageRef> refs, Spool spool, Deadline deadline) {
        return new BodyFetch(this, sockets, where).fetch(refs, spool, deadline);
    }

    @Override
    public Optional<byte[]> headers(long uid) {
        String set = UidSet.batches(List.of(uid)).get(0);
        Map<Long, Content> headers = run("fetching headers",
                p -> UidCommands.bodies(p, set, "HEADER", "<0." + RawPart.HEADER_LIMIT + ">"));
        try {
            Content header = headers.get(uid);
            return header == null ? Optional.empty() : Optional.of(header.readAll());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
    }

    @Override
    public void markSeen(List<Long> uids) {
        for (String set : UidSet.batches(uids)) {
            run("marking messages seen", p -> {
                Optional<String> present = UidCommands.present(p, set);
                if (present.isPresent()) {
                    UidCommands.addFlag(p, present.get(), "\\Seen");
                }
                return null;
            });
        }
    }

    @Override
    public void moveTo(List<Long> uids, String target) {
        Objects.requireNonNull(target, "target");
        boolean inbox = target.equalsIgnoreCase("INBOX") && folder.getFullName().equalsIgnoreCase("INBOX");
        if (target.isBlank() || inbox || target.equals(folder.getFullName())) {
            throw new MailException(MailException.Kind.FOLDER, "Cannot move messages from " + where + " to \""
                    + target + "\"; name another folder in the mailbox's afterFetch setting (move:FOLDER).");
        }
        if (!capabilities.move()) {
            requireUidPlus("moved", "supports neither MOVE nor UIDPLUS");
        }
        for (String set : UidSet.batches(uids)) {
            run("moving messages to \"" + target + "\"", p -> {
                Optional<String> present = UidCommands.present(p, set);
                if (present.isPresent() && capabilities.move()) {
                    UidCommands.transfer(p, "UID MOVE", present.get(), target);
                } else if (present.isPresent()) {
                    // A crash before the expunge leaves copies in target; a rerun copies those once more.
                    UidCommands.transfer(p, "UID COPY", present.get(), target);
                    UidCommands.addFlag(p, present.get(), "\\Deleted");
                    UidCommands.expunge(p, present.get());
                }
                return null;
            });
        }
    }

    @Override
    public void delete(List<Long> uids) {
        requireUidPlus("deleted", "does not support UIDPLUS (UID EXPUNGE)");
        for (String set : UidSet.batches(uids)) {
            run("deleting messages", p -> {
                Optional<String> present = UidCommands.present(p, set);
                if (present.isPresent()) {
                    UidCommands.addFlag(p, present.get(), "\\Deleted");
                    UidCommands.expunge(p, present.get());
                }
                return null;
            });
        }
    }

    @Override
    public void close() {
        // close(false) deselects with UNSELECT, or EXAMINE + CLOSE where UNSELECT is missing: never expunges.
        AngusMailSession.closeQuietly(folder);
    }

    private void requireUidPlus(String done, String lacking) {
        if (!capabilities.uidplus()) {
            throw new MailException(MailException.Kind.REFUSED, "Messages in " + where + " cannot be " + done
                    + " safely: the server " + lacking + ", and a bare EXPUNGE would also remove mail other"
                    + " clients flagged deleted; set afterFetch to \"mark-seen\" or \"none\" for this mailbox.");
        }
    }

    /** Runs one or more UID commands on the folder's connection, under Angus' message-cache lock. */
    @SuppressWarnings("unchecked")
    <T> T run(String action, IMAPFolder.ProtocolCommand command) {
        try {
            return (T) folder.doCommand(command);
        } catch (MessagingException e) {
            throw Failures.during(action, where, e);
        }
    }
}
