package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        Map<Long, Content> bodies = new HashMap<>();
        try {
            return fetch(refs, spool, deadline, bodies);
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.UNREACHABLE || bodies.isEmpty()) {
                throw e;
            }
            // The connection dropped (cut, stalled past the timeout): what arrived whole is still kept.
            sockets.abort();
            return new Fetched(inOrder(refs, bodies), Map.of(), true, Optional.of(e));
        }
    }

    private Fetched fetch(List<MessageRef> refs, Spool spool, Deadline deadline, Map<Long, Content> bodies) {
        Map<Long, String> missing = new LinkedHashMap<>();
        boolean cut = false;
        List<Long> small = refs.stream().filter(ref -> ref.size() <= LARGE).map(MessageRef::uid).toList();
        for (String set : UidSet.batches(small)) {
            cut = bulk(set, bodies, missing, () -> deadline.passed() && !bodies.isEmpty());
            if (cut) {
                break;
            }
        }
        for (MessageRef ref : refs) {
            if (cut || ref.size() <= LARGE) {
                continue;
            }
            if (deadline.passed() && !bodies.isEmpty()) {
                cut = true; // nothing half-fetched: this message waits for the next run
                break;
            }
            Optional<Content> content = pieces(ref.uid(), spool, missing, () -> deadline.passed() && !bodies.isEmpty());
            content.ifPresent(c -> bodies.put(ref.uid(), c));
            cut = content.isEmpty() && !missing.containsKey(ref.uid()) && deadline.passed() && !bodies.isEmpty();
        }
        if (cut) {
            sockets.abort(); // a FETCH was left half-read: the connection is out of step and goes
            return new Fetched(inOrder(refs, bodies), Map.of(), true, Optional.empty());
        }
        Map<Long, String> refused = new LinkedHashMap<>();
        for (Map.Entry<Long, String> miss : missing.entrySet()) {
            long uid = miss.getKey();
            // Servers refuse a whole bulk FETCH for one bad message: ask for each missing one alone.
            Map<Long, Content> alone = new HashMap<>();
            Map<Long, String> why = new HashMap<>();
            if (size(refs, uid) > LARGE) {
                pieces(uid, spool, why, () -> false).ifPresent(c -> alone.put(uid, c));
            } else {
                bulk(Long.toString(uid), alone, why, () -> false);
            }
            if (alone.containsKey(uid)) {
                bodies.put(uid, alone.get(uid));
            } else if (exists(uid)) {
                refused.put(uid, why.getOrDefault(uid, miss.getValue()));
            } // else expunged by another client meanwhile: nothing to fetch, nothing lost
        }
        return new Fetched(inOrder(refs, bodies), refused, false, Optional.empty());
    }

    private boolean bulk(String set, Map<Long, Content> bodies, Map<Long, String> missing,
            java.util.function.BooleanSupplier stop) {
        return bulk(set, bodies, missing, stop, "");
    }

    /** One FETCH of bodies (or of a part, {@code partial}) read as it arrives; true when stopped early. */
    private boolean bulk(String set, Map<Long, Content> bodies, Map<Long, String> missing,
            java.util.function.BooleanSupplier stop, String partial) {
        Map<Long, String> without = new LinkedHashMap<>();
        UidCommands.BodyStream result = run("fetching messages", p -> UidCommands.streamBodies(p, set, partial, body -> {
            if (body.content().isPresent()) {
                bodies.put(body.uid(), body.content().get());
            } else {
                without.put(body.uid(), body.missingBecause());
            }
        }, stop));
        if (result.stopped()) {
            return true;
        }
        for (long uid : UidSet.uids(set)) {
            if (!bodies.containsKey(uid)) {
                missing.put(uid, without.getOrDefault(uid, result.refusal()
                        .map(text -> "the server refused it: " + text).orElse("the server sent nothing for it")));
            }
        }
        return false;
    }

    private static long size(List<MessageRef> refs, long uid) {
        return refs.stream().filter(ref -> ref.uid() == uid).mapToLong(MessageRef::size).findFirst().orElse(0);
    }

    private static List<RawMessage> inOrder(List<MessageRef> refs, Map<Long, Content> bodies) {
        List<RawMessage> messages = new ArrayList<>(bodies.size());
        for (MessageRef ref : refs) {
            Content content = bodies.get(ref.uid());
            if (content != null) {
                messages.add(new RawMessage(ref.uid(), content));
            }
        }
        return messages;
    }

    /**
     * A large message in {@value #PIECE}-byte partial fetches straight into the spool, so it is never held
     * whole (Angus reads a literal into one array). Pieces continue until one comes back short: servers'
     * RFC822.SIZE is not always the size they serve. Empty when the server gave no body (the reason goes to
     * {@code missing}) or {@code stop} ended it between pieces.
     */
    private Optional<Content> pieces(long uid, Spool spool, Map<Long, String> missing,
            java.util.function.BooleanSupplier stop) {
        String set = Long.toString(UidSet.requireUid(uid));
        try (ContentSink sink = spool.sink()) {
            for (long offset = 0; ; offset += PIECE) {
                if (offset > 0 && stop.getAsBoolean()) {
                    return Optional.empty();
                }
                Map<Long, Content> got = new HashMap<>();
                Map<Long, String> why = new HashMap<>();
                bulk(set, got, why, () -> false, "<" + offset + "." + PIECE + ">");
                Content piece = got.get(uid);
                if (piece == null) {
                    if (offset == 0) {
                        missing.put(uid, why.getOrDefault(uid, "the server sent nothing for it"));
                        return Optional.empty();
                    }
                    return Optional.of(sink.finish()); // the previous piece ended exactly at the end
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
            throw new MailException(MailException.Kind.REFUSED, "Messages in " + where + " cannot be " + done
                    + " safely: the server " + lacking + ", and a bare EXPUNGE would also remove mail other"
                    + " clients flagged deleted; set afterFetch to \"mark-seen\" or \"none\" for this mailbox.");
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
