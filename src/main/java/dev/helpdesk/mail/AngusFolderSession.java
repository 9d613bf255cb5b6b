package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** A folder selected read-write through Angus; every command goes by UID (see {@link UidCommands}). */
final class AngusFolderSession implements FolderSession {
    private final IMAPFolder folder;
    private final ServerCapabilities capabilities;
    private final String where;
    private final long uidValidity;
    private final long uidNext;

    AngusFolderSession(IMAPFolder folder, ServerCapabilities capabilities, String where, long uidValidity,
            long uidNext) {
        this.folder = folder;
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
    public List<MessageRef> listAfter(long lastUid) {
        if (lastUid < 0) {
            throw new IllegalArgumentException("negative last UID " + lastUid);
        }
        return lastUid >= UidSet.MAX_UID ? List.of() : list(lastUid + 1);
    }

    @Override
    public List<MessageRef> listAll() {
        return list(1);
    }

    private List<MessageRef> list(long from) {
        // Some servers answer "UID FETCH 1:*" in an empty folder with an error rather than nothing.
        if (messageCount() == 0) {
            return List.of();
        }
        List<MessageRef> refs = run("listing messages", p -> UidCommands.sizes(p, from));
        // "UID FETCH n:*" always returns the highest message, even when its UID is below n.
        return refs.stream().filter(ref -> ref.uid() >= from).sorted(Comparator.comparingLong(MessageRef::uid)).toList();
    }

    @Override
    public List<RawMessage> fetch(List<Long> uids) {
        Map<Long, byte[]> bodies = new HashMap<>();
        for (String set : UidSet.batches(uids)) {
            Map<Long, byte[]> batch = run("fetching messages", p -> UidCommands.bodies(p, set, ""));
            bodies.putAll(batch);
        }
        List<RawMessage> messages = new ArrayList<>(bodies.size());
        for (Long uid : new LinkedHashSet<>(uids)) {
            byte[] bytes = bodies.get(uid);
            if (bytes != null) {
                messages.add(new RawMessage(uid, bytes));
            }
        }
        return messages;
    }

    @Override
    public Optional<byte[]> headers(long uid) {
        String set = UidSet.batches(List.of(uid)).get(0);
        Map<Long, byte[]> headers = run("fetching headers", p -> UidCommands.bodies(p, set, "HEADER"));
        return Optional.ofNullable(headers.get(uid));
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
            throw new MailException(MailException.Kind.PROTOCOL, "Messages in " + where + " cannot be " + done
                    + " safely: the server " + lacking + ", and a bare EXPUNGE would also remove mail other"
                    + " clients flagged deleted; set afterFetch to \"mark-seen\" or \"none\" for this mailbox.");
        }
    }

    private int messageCount() {
        try {
            return folder.getMessageCount(); // tracked since SELECT; Angus may send a NOOP to refresh it
        } catch (MessagingException e) {
            throw Failures.during("counting messages", where, e);
        }
    }

    /** Runs one or more UID commands on the folder's connection, under Angus' message-cache lock. */
    @SuppressWarnings("unchecked")
    private <T> T run(String action, IMAPFolder.ProtocolCommand command) {
        try {
            return (T) folder.doCommand(command);
        } catch (MessagingException e) {
            throw Failures.during(action, where, e);
        }
    }
}
