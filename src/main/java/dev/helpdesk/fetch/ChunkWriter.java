package dev.helpdesk.fetch;

import dev.helpdesk.ingest.Digest;
import dev.helpdesk.ingest.Threading;
import dev.helpdesk.mail.Address;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.ParsedMessage;
import dev.helpdesk.mail.UnparseableMessageException;
import dev.helpdesk.store.LedgerTable;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes one fetched message inside the chunk's transaction: dedup (ledger key, then Message-ID,
 * then raw hash), parse or quarantine, thread, store. Never throws for a bad message.
 */
final class ChunkWriter {
    private final MessageParser parser;
    private final String mailbox;
    private final String folder;
    private final long uidValidity;

    ChunkWriter(MessageParser parser, String mailbox, String folder, long uidValidity) {
        this.parser = parser;
        this.mailbox = mailbox;
        this.folder = folder;
        this.uidValidity = uidValidity;
    }

    /** Stores the message (or finds it stored already) and records it in the ledger. */
    Outcome write(Tx tx, long uid, byte[] raw, Instant now) {
        String sha = Digest.sha256(raw);
        ParsedMessage parsed;
        try {
            parsed = parser.parse(raw);
        } catch (UnparseableMessageException e) {
            long ref = tx.messages().quarantinedByHash(mailbox, sha)
                    .orElseGet(() -> tx.messages().quarantine(mailbox, folder, uid, sha, e.getMessage(), raw, now));
            ledger(tx, uid, Optional.empty(), Optional.of(sha), raw.length, Outcome.QUARANTINED, Optional.of(ref), now);
            return Outcome.QUARANTINED;
        }
        MessageTable messages = tx.messages();
        Optional<Long> existing = parsed.messageId().isPresent()
                ? messages.byMessageId(mailbox, parsed.messageId().get())
                : messages.byHash(mailbox, sha);
        if (existing.isPresent()) {
            ledger(tx, uid, parsed.messageId(), Optional.of(sha), raw.length, Outcome.DUPLICATE, existing, now);
            return Outcome.DUPLICATE;
        }
        long conversation = conversationFor(messages, parsed, now);
        long id = messages.add(conversation, toNew(parsed, sha, raw, now));
        ledger(tx, uid, parsed.messageId(), Optional.of(sha), raw.length, Outcome.STORED, Optional.of(id), now);
        return Outcome.STORED;
    }

    /** An oversized message: recorded with its size, its body never fetched, left on the server. */
    void oversized(Tx tx, long uid, long size, Instant now) {
        ledger(tx, uid, Optional.empty(), Optional.empty(), size, Outcome.OVERSIZED, Optional.empty(), now);
    }

    private long conversationFor(MessageTable messages, ParsedMessage parsed, Instant now) {
        for (String parent : Threading.parentCandidates(parsed.inReplyTo(), parsed.references())) {
            Optional<Long> conversation = messages.conversationOf(mailbox, parent);
            if (conversation.isPresent()) {
                return conversation.get();
            }
        }
        Optional<Long> customer = parsed.from().map(from -> messages.customer(from.email(), from.name()));
        return messages.newConversation(mailbox, parsed.subject(), customer, now);
    }

    private MessageTable.NewMessage toNew(ParsedMessage parsed, String sha, byte[] raw, Instant now) {
        return new MessageTable.NewMessage(mailbox, folder, parsed.messageId(), sha,
                parsed.from().map(Address::email), parsed.from().flatMap(Address::name),
                display(parsed.to()), display(parsed.cc()), display(parsed.replyTo()), parsed.subject(),
                parsed.date(), parsed.inReplyTo(), parsed.references(), parsed.text(), parsed.html(), raw, now);
    }

    private static List<String> display(List<Address> addresses) {
        return addresses.stream()
                .map(a -> a.name().map(name -> name + " <" + a.email() + ">").orElse(a.email()))
                .toList();
    }

    private void ledger(Tx tx, long uid, Optional<String> messageId, Optional<String> sha, long size,
            Outcome outcome, Optional<Long> ref, Instant now) {
        tx.ledger().add(new LedgerTable.Entry(mailbox, folder, uidValidity, uid, messageId, sha, size, outcome,
                ref, now));
    }
}
