package dev.helpdesk.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The bodies of a chunk's messages from a selected folder: small ones in bulk FETCHes read as they arrive, each
 * large one alone in partial fetches into the spool. A message a bulk FETCH did not bring is asked for alone, and
 * what the server still will not give is reported with its reason; when the run's time is up or the connection
 * drops, what arrived whole is kept.
 */
final class BodyFetch {
    /** Messages above this size are fetched alone, in pieces, into the spool; smaller ones in bulk. */
    static final long LARGE = 2L * 1024 * 1024;
    /** One partial fetch; Angus' fetchsize for its own streams is the same 1 MiB (see ImapClient). */
    static final int PIECE = 1024 * 1024;

    private final AngusFolderSession session;
    private final SocketTracker sockets;
    private final String where;

    BodyFetch(AngusFolderSession session, SocketTracker sockets, String where) {
        this.session = session;
        this.sockets = sockets;
        this.where = where;
    }

    /** As {@link FolderSession#fetch}: the bodies of {@code refs}, in their order. */
    Fetched fetch(List<MessageRef> refs, Spool spool, Deadline deadline) {
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
            } else if (session.exists(uid)) {
                refused.put(uid, why.getOrDefault(uid, miss.getValue()));
            } // else expunged by another client meanwhile: nothing to fetch, nothing lost
        }
        return new Fetched(inOrder(refs, bodies), refused, false, Optional.empty());
    }

    private boolean bulk(String set, Map<Long, Content> bodies, Map<Long, String> missing,
            BooleanSupplier stop) {
        return bulk(set, bodies, missing, stop, "");
    }

    /** One FETCH of bodies (or of a part, {@code partial}) read as it arrives; true when stopped early. */
    private boolean bulk(String set, Map<Long, Content> bodies, Map<Long, String> missing,
            BooleanSupplier stop, String partial) {
        Map<Long, String> without = new LinkedHashMap<>();
        UidCommands.BodyStream result = session.run("fetching messages", p -> UidCommands.streamBodies(p, set, partial, body -> {
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
            BooleanSupplier stop) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool UID " + uid + " of " + where + ": "
                    + e.getMessage(), e);
        }
    }
}
