package dev.helpdesk.fetch;

import dev.helpdesk.config.ByteSizes;
import dev.helpdesk.ingest.Classifier;
import dev.helpdesk.ingest.Digest;
import dev.helpdesk.ingest.FileNames;
import dev.helpdesk.ingest.HtmlText;
import dev.helpdesk.ingest.Kind;
import dev.helpdesk.ingest.Quotes;
import dev.helpdesk.ingest.SubjectMarker;
import dev.helpdesk.ingest.Threading;
import dev.helpdesk.mail.Address;
import dev.helpdesk.mail.Attachment;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.ParsedMessage;
import dev.helpdesk.mail.UnparseableMessageException;
import dev.helpdesk.store.ConversationTable;
import dev.helpdesk.store.ConversationTable.Conversation;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable;
import dev.helpdesk.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores one raw message of a mailbox inside the caller's transaction: parse (or quarantine),
 * deduplicate, classify, thread, and record participants. Never throws for a bad message.
 */
public final class Ingest {
    private final MessageParser parser;
    private final String mailbox;
    private final Classifier classifier;
    private final long maxAttachmentSize;

    /**
     * {@code ownAddresses}: the mailbox's addresses, lower-cased; mail from them is ours, never a customer's.
     * {@code maxAttachmentSize}: a larger attachment is recorded without its bytes (limits.maxAttachmentSize).
     */
    public Ingest(MessageParser parser, String mailbox, Set<String> ownAddresses, long maxAttachmentSize) {
        this.parser = parser;
        this.mailbox = mailbox;
        this.classifier = new Classifier(ownAddresses);
        this.maxAttachmentSize = maxAttachmentSize;
    }

    /**
     * What became of a message: stored, a duplicate of a stored one, or quarantined (with the parser's
     * error); {@code ref} names the message or quarantine row.
     */
    public record Result(Outcome outcome, long ref, Optional<String> messageId, String sha256, Optional<String> error) {
    }

    /** A fetched message: stored, or kept raw in quarantine when it cannot be parsed. */
    public Result store(Tx tx, String folder, long uid, byte[] raw, Instant now) {
        String sha = Digest.sha256(raw);
        try {
            return storeParsed(tx, folder, parse(raw), sha, raw, now);
        } catch (UnparseableMessageException e) {
            long ref = tx.quarantine().byHash(mailbox, sha)
                    .orElseGet(() -> tx.quarantine().add(mailbox, folder, uid, sha, e.getMessage(), raw, now));
            return new Result(Outcome.QUARANTINED, ref, Optional.empty(), sha, Optional.of(e.getMessage()));
        }
    }

    /** A quarantined message tried again with today's parser; writes nothing when it still fails. */
    Result retry(Tx tx, String folder, byte[] raw, Instant now) {
        String sha = Digest.sha256(raw);
        try {
            return storeParsed(tx, folder, parse(raw), sha, raw, now);
        } catch (UnparseableMessageException e) {
            return new Result(Outcome.QUARANTINED, 0, Optional.empty(), sha, Optional.of(e.getMessage()));
        }
    }

    private ParsedMessage parse(byte[] raw) throws UnparseableMessageException {
        try {
            return parser.parse(raw);
        } catch (RuntimeException e) {
            // A parser bug on hostile input must not stop the mailbox either: keep the bytes, say why.
            throw new UnparseableMessageException("parser failure: " + e, e);
        }
    }

    private Result storeParsed(Tx tx, String folder, ParsedMessage parsed, String sha, byte[] raw, Instant now) {
        String messageId = parsed.messageId().orElseGet(() -> Digest.syntheticMessageId(raw));
        Optional<Long> existing = tx.messages().byMessageId(mailbox, messageId);
        if (existing.isPresent()) {
            return new Result(Outcome.DUPLICATE, existing.get(), Optional.of(messageId), sha, Optional.empty());
        }
        Kind kind = classifier.classify(parsed);
        Optional<Long> conversation = conversationFor(tx, parsed, kind, now);
        Optional<String> text = parsed.text().or(() -> parsed.html().map(HtmlText::render));
        List<String> notes = new ArrayList<>();
        if (parsed.text().isEmpty() && parsed.html().isPresent()) {
            notes.add("text rendered from the HTML body");
        }
        notes.addAll(parsed.notes());
        long id = tx.messages().add(conversation, new MessageTable.NewMessage(mailbox, folder, messageId,
                parsed.messageId().isEmpty(), sha, kind.key(), parsed.header("List-Id"),
                parsed.from().map(Address::email), parsed.from().flatMap(Address::name), display(parsed.to()),
                display(parsed.cc()), display(parsed.replyTo()), parsed.subject(), parsed.date(), parsed.inReplyTo(),
                parsed.references(), text, parsed.html(), text.map(Quotes::newText), notes, raw, now));
        parsed.attachments().forEach(attachment -> storeAttachment(tx, id, attachment));
        return new Result(Outcome.STORED, id, Optional.of(messageId), sha, Optional.empty());
    }

    /** By content hash, under a sanitised display name; past the size limit only name, type and size. */
    private void storeAttachment(Tx tx, long messageId, Attachment a) {
        String name = FileNames.displayName(a.fileName(), a.contentType());
        long size = a.content().length;
        boolean omit = size > maxAttachmentSize;
        Optional<String> omitted = omit ? Optional.of("larger than limits.maxAttachmentSize ("
                + ByteSizes.format(maxAttachmentSize) + ")") : Optional.empty();
        tx.messages().addAttachment(messageId, new MessageTable.NewAttachment(name, a.contentType(), size,
                omit ? Optional.empty() : Optional.of(a.content()), a.contentId(), a.inline(), omitted),
                omit ? Optional.empty() : Optional.of(Digest.sha256(a.content())));
    }

    /**
     * Headers first (In-Reply-To, then References newest first, and for a bounce the message it
     * returns); then a {@code [#N]} subject marker,
     * trusted only when the sender already takes part in conversation N; else a new conversation,
     * which only a person's mail may open. A customer's reply reopens a closed conversation; an
     * auto-reply, bounce or our own mail never does.
     */
    private Optional<Long> conversationFor(Tx tx, ParsedMessage parsed, Kind kind, Instant now) {
        ConversationTable conversations = tx.conversations();
        Optional<String> sender = parsed.from().map(Address::email);
        Optional<Long> found = Optional.empty();
        List<String> parents = new ArrayList<>(Threading.parentCandidates(parsed.inReplyTo(), parsed.references()));
        if (kind == Kind.BOUNCE) {
            parsed.returnedMessageId().ifPresent(parents::add); // a bounce joins the message it returns
        }
        for (String parent : parents) {
            found = tx.messages().conversationOf(mailbox, parent);
            if (found.isPresent()) {
                break;
            }
        }
        if (found.isEmpty() && sender.isPresent()) {
            found = SubjectMarker.find(parsed.subject())
                    .flatMap(number -> conversations.find(mailbox, number))
                    .map(Conversation::number)
                    .filter(number -> conversations.isParticipant(number, sender.get()));
        }
        if (found.isPresent()) {
            long number = found.get();
            if (kind == Kind.NORMAL && conversations.find(number).map(Conversation::closed).orElse(false)) {
                conversations.setStatus(number, "open", now);
            }
            conversations.touch(number, now);
            if (kind == Kind.NORMAL || kind == Kind.LIST) {
                sender.ifPresent(email -> conversations.addParticipant(number, email));
            }
            return found;
        }
        if (kind != Kind.NORMAL && kind != Kind.LIST) {
            return Optional.empty(); // stored and flagged, but it opens nothing: no auto-reply ping-pong
        }
        Optional<Long> customer = parsed.from().map(from -> conversations.customer(from.email(), from.name()));
        long number = conversations.open(mailbox, parsed.subject(), customer, now);
        sender.ifPresent(email -> conversations.addParticipant(number, email));
        return Optional.of(number);
    }

    private static List<String> display(List<Address> addresses) {
        return addresses.stream()
                .map(a -> a.name().map(name -> name + " <" + a.email() + ">").orElse(a.email()))
                .toList();
    }
}
