package dev.helpdesk.fetch;

import dev.helpdesk.ingest.Classifier;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Ingest of one mailbox's messages in two halves: {@link #prepare} (parse, hash, classify, render: slow and
 * pure, before any transaction) and {@link #write} (deduplicate, thread, store: inside the chunk's
 * transaction, which reads no mail text again except to hash the content of a message whose Message-ID
 * another already has, and to hash attachments as they are stored). Never throws for a bad message.
 */
public final class Ingest {
    private final MessagePreparer preparer;
    private final MessageWriter writer;
    private final Runnable hashing;

    /**
     * {@code ownAddresses}: the mailbox's addresses, lower-cased; mail from them is ours, never a customer's.
     * {@code maxAttachmentSize}: a larger attachment is recorded without its bytes (limits.maxAttachmentSize).
     * {@code hashing}: told before each message is prepared (which hashes it), from any thread.
     */
    public Ingest(MessageParser parser, String mailbox, Set<String> ownAddresses, long maxAttachmentSize,
            Runnable hashing) {
        this.preparer = new MessagePreparer(parser, new Classifier(ownAddresses));
        this.writer = new MessageWriter(mailbox, maxAttachmentSize);
        this.hashing = hashing;
    }

    /**
     * What became of a message: stored, a copy of a stored one, or quarantined (with the reason);
     * {@code ref} names the message or quarantine row.
     */
    public record Result(Outcome outcome, long ref, Optional<String> messageId, String sha256,
            Optional<String> error) {
    }

    Prepared prepare(Content raw, Spool spool) {
        hashing.run();
        return preparer.prepare(raw, spool);
    }

    Result write(Tx tx, String folder, long uid, Prepared prepared, Instant now) {
        return writer.write(tx, folder, uid, prepared, now);
    }
}
