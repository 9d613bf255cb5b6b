package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;

/** A folder selected read-write through Angus; every command goes by UID (see {@link UidCommands}). */
final class AngusFolderSession implements FolderSession {
    /** Messages above this size are fetched alone, in pieces, into the spool; smaller ones in bulk. */
    static final long LARGE = 2L * 1024 * 1024;
    /** One partial fetch; Angus' fetchsize for its own streams is the same 1 MiB (see ImapClient). */
    static final int PIECE = 1024 * 1024;

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
    public List<RawMessage> fetch(List<MessageRef> refs, Spool spool) {
        Map<Long, Content> bodies = new HashMap<>();
        List<Long> small = refs.stream().filter(ref -> ref.size() <= LARGE).map(MessageRef::uid).toList();
        for (String set : UidSet.batches(small)) {
            bodies.putAll(run("fetching messages", p -> UidCommands.bodies(p, set, "", "")));
        }
        for (MessageRef ref : refs) {
            if (ref.size() > LARGE) {
                pieces(ref.uid(), spool).ifPresent(content -> bodies.put(ref.uid(), content));
            }
        }
        List<RawMessage> messages = new ArrayList<>(bodies.size());
        for (MessageRef ref : refs) {
            Content content = bodies.remove(ref.uid());
            if (content != null) {
                messages.add(new RawMessage(ref.uid(), content));
            }
        }
        return messages;
    }

    /**
     * A large message in {@value #PIECE}-byte partial fetches straight into the spool, so it is never held
     * whole (Angus reads a literal into one array). Pieces continue until one comes back short: servers'
     * RFC822.SIZE is not always the size they serve. Empty when the message is gone.
     */
    private Optional<Content> pieces(long uid, Spool spool) {
        String set = Long.toString(UidSet.requireUid(uid));
        try (ContentSink sink = spool.sink()) {
            for (long offset = 0; ; offset += PIECE) {
                long from = offset;
                Map<Long, Content> got = run("fetching a large message", p -> UidCommands.bodies(p, set, "",
                        "<" + from + "." + PIECE + ">"));
                Content piece = got.get(uid);
                if (piece == null) {
                    return offset == 0 ? Optional.empty() : Optional.of(sink.finish());
                }
                try (var in = piece.open()) {
                    in.transferTo(sink);
                }
                if (piece.size() < PIECE) {
                    return Optional.of(sink.finish());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not spool UID " + uid + " of " + where + ": "
                    + e.getMessage(), e);
        }
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
