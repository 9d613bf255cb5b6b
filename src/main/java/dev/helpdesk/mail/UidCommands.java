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

    /** {@code UID FETCH from:* (UID RFC822.SIZE)}: one round trip; may include the highest UID below from. */
    static List<MessageRef> sizes(IMAPProtocol p, long from) throws ProtocolException {
        List<MessageRef> refs = new ArrayList<>();
        for (Response r : run(p, "UID FETCH " + from + ":* (UID RFC822.SIZE)", null)) {
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
