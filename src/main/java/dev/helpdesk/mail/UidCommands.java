package dev.helpdesk.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * The UID commands the drain needs, written on Angus' protocol object so each is exactly one command naming
 * exactly our UIDs. Angus' message-level API would go by sequence numbers, need an extra round trip to map
 * UIDs, and rebuild fetched messages from parsed headers instead of keeping the server's bytes.
 */
final class UidCommands {
    private UidCommands() {}

    /**
     * {@code UID FETCH range (UID RFC822.SIZE)}: one round trip. With an open end ({@code n:*}) the answer may
     * include the highest UID even when it is below n; callers filter.
     */
    static List<MessageRef> sizes(IMAPProtocol p, String range) throws ProtocolException {
        List<MessageRef> refs = new ArrayList<>();
        for (Response r : run(p, "UID FETCH " + range + " (UID RFC822.SIZE)", null)) {
            if (r instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
                if (uid != null && size != null) {
                    refs.add(new MessageRef(uid.uid, size.size));
                }
            }
        }
        return refs;
    }

    /**
     * {@code UID FETCH set (UID BODY.PEEK[section])}: the exact bytes per UID, as slices of the buffers Angus
     * read them into (not copied); UIDs that are gone are absent. Responses without the section (unsolicited
     * flag updates) are skipped. {@code partial} is "" or {@code <offset.length>}.
     */
    static Map<Long, Content> bodies(IMAPProtocol p, String set, String section, String partial)
            throws ProtocolException {
        Map<Long, Content> bodies = new HashMap<>();
        for (Response r : run(p, "UID FETCH " + set + " (UID BODY.PEEK[" + section + "]" + partial + ")", null)) {
            if (r instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                BODY body = fetch.getItem(BODY.class);
                if (uid != null && body != null && body.getByteArray() != null) {
                    ByteArray data = body.getByteArray();
                    bodies.put(uid.uid, Content.of(data.getBytes(), data.getStart(), data.getCount()));
                }
            }
        }
        return bodies;
    }

    /**
     * {@code UID FETCH range (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])}: who each message is,
     * without its body, for recognising stored messages after a UIDVALIDITY change.
     */
    static List<IdentifiedRef> identities(IMAPProtocol p, String range) throws ProtocolException {
        List<IdentifiedRef> refs = new ArrayList<>();
        for (Response r : run(p, "UID FETCH " + range + " (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])",
                null)) {
            if (r instanceof FetchResponse fetch) {
                UID uid = fetch.getItem(UID.class);
                RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
                BODY header = fetch.getItem(BODY.class);
                if (uid != null && size != null) {
                    String field = header == null || header.getByteArray() == null ? ""
                            : new String(header.getByteArray().getNewBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    int colon = field.indexOf(':');
                    List<String> ids = HeaderDecoding.messageIds(colon < 0 ? "" : field.substring(colon + 1));
                    refs.add(new IdentifiedRef(new MessageRef(uid.uid, size.size),
                            ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ids.get(0))));
                }
            }
        }
        return refs;
    }

    /** One FETCH response of a body fetch: its UID and the bytes, or empty when it came without a body. */
    record Body(long uid, Optional<Content> content, String missingBecause) {
    }

    /** How a body fetch read response by response ended. */
    record BodyStream(Optional<String> refusal, boolean stopped) {
    }

    /**
     * {@code UID FETCH set (UID BODY.PEEK[]partial)}, read response by response: each message is handed to
     * {@code each} as soon as it has arrived whole, so what came before a tagged NO is kept (servers answer a
     * bulk FETCH with NO when one message cannot be served, after sending the others). After each message
     * {@code stop} may end the reading early; the connection is then out of step and must be dropped.
     */
    static BodyStream streamBodies(IMAPProtocol p, String set, String partial, java.util.function.Consumer<Body> each,
            java.util.function.BooleanSupplier stop) throws ProtocolException {
        synchronized (p) {
            String tag;
            try {
                tag = p.writeCommand("UID FETCH " + set + " (UID BODY.PEEK[]" + partial + ")", null);
            } catch (java.io.IOException e) {
                throw new org.eclipse.angus.mail.iap.ConnectionException(p, Response.byeResponse(e));
            }
            while (true) {
                Response r;
                try {
                    r = p.readResponse();
                } catch (java.io.IOException e) {
                    throw new org.eclipse.angus.mail.iap.ConnectionException(p, Response.byeResponse(e));
                }
                if (r.isBYE()) {
                    throw new org.eclipse.angus.mail.iap.ConnectionException(p, r);
                }
                p.notifyResponseHandlers(new Response[] {r});
                if (r instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
                    each.accept(body(fetch));
                    if (stop.getAsBoolean()) {
                        return new BodyStream(Optional.empty(), true);
                    }
                } else if (r.isTagged() && tag.equals(r.getTag())) {
                    if (r.isOK()) {
                        return new BodyStream(Optional.empty(), false);
                    }
                    if (r.isNO()) {
                        return new BodyStream(Optional.of(Failures.statusText(r)), false);
                    }
                    p.handleResult(r); // BAD: a refused command, not a refused message
                }
            }
        }
    }

    private static Body body(FetchResponse fetch) {
        long uid = fetch.getItem(UID.class).uid;
        BODY body = fetch.getItem(BODY.class);
        if (body == null) {
            return new Body(uid, Optional.empty(), "the server answered without its body");
        }
        ByteArray data = body.getByteArray();
        if (data == null) {
            return new Body(uid, Optional.empty(), "the server sent NIL for its body");
        }
        return new Body(uid, Optional.of(Content.of(data.getBytes(), data.getStart(), data.getCount())), "");
    }

    /** The message sequence number of one UID (its position in the folder), 0 when it is gone. */
    static int position(IMAPProtocol p, String uid) throws ProtocolException {
        for (Response r : run(p, "UID FETCH " + uid + " (UID)", null)) {
            if (r instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
                return fetch.getNumber();
            }
        }
        return 0;
    }

    /** The subset of {@code set} still in the folder, as a UID set; empty when none is left. */
    static Optional<String> present(IMAPProtocol p, String set) throws ProtocolException {
        List<Long> present = new ArrayList<>();
        for (Response r : run(p, "UID FETCH " + set + " (UID)", null)) {
            if (r instanceof FetchResponse fetch && fetch.getItem(UID.class) != null) {
                present.add(fetch.getItem(UID.class).uid);
            }
        }
        // A subset of one batch always fits in one batch.
        List<String> batches = UidSet.batches(present);
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(0));
    }

    /** {@code UID STORE set +FLAGS.SILENT (flag)}. */
    static void addFlag(IMAPProtocol p, String set, String flag) throws ProtocolException {
        run(p, "UID STORE " + set + " +FLAGS.SILENT (" + flag + ")", null);
    }

    /** {@code UID EXPUNGE set} (RFC 4315): removes only these UIDs, never other clients' deleted mail. */
    static void expunge(IMAPProtocol p, String set) throws ProtocolException {
        run(p, "UID EXPUNGE " + set, null);
    }

    /**
     * {@code UID MOVE} or {@code UID COPY} of set to target. When the server refuses, the target may be missing:
     * create it and try once more; if it cannot be created (it exists), the first refusal stands.
     */
    static void transfer(IMAPProtocol p, String verb, String set, String target) throws ProtocolException {
        try {
            run(p, verb + " " + set, mailbox(target));
        } catch (CommandFailedException refused) {
            try {
                p.create(target);
            } catch (CommandFailedException exists) {
                throw refused;
            }
            run(p, verb + " " + set, mailbox(target));
        }
    }

    private static Argument mailbox(String name) {
        // Modified UTF-7 as RFC 3501 requires; we never ENABLE UTF8=ACCEPT.
        return new Argument().writeString(BASE64MailboxEncoder.encode(name));
    }

    /**
     * Sends one command and hands every response to the folder's handlers first (so untagged EXPUNGE or EXISTS
     * keep Angus' message cache right), then throws on NO, BAD or a dropped connection.
     */
    private static Response[] run(IMAPProtocol p, String command, Argument args) throws ProtocolException {
        Response[] responses = p.command(command, args);
        p.notifyResponseHandlers(responses);
        p.handleResult(responses[responses.length - 1]);
        return responses;
    }
}
