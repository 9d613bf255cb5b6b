package dev.helpdesk.fetch;

import dev.helpdesk.config.ByteSizes;
import dev.helpdesk.ingest.FileNames;
import dev.helpdesk.mail.Address;
import dev.helpdesk.mail.Attachment;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.MessageIdentity;
import dev.helpdesk.mail.ParsedMessage;
import dev.helpdesk.store.LedgerTable.Outcome;
import dev.helpdesk.store.MessageTable;
import dev.helpdesk.store.MessageTable.SameId;
import dev.helpdesk.store.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transactional half of ingest: decides whether a prepared message is new, and writes it with its raw
 * bytes, attachments, HTML and conversation. A message is a duplicate only when it is the same message: the
 * same raw bytes, or the same Message-ID with the same content once trace fields are set aside. A different
 * mail that reuses a stored Message-ID is stored as a message of its own, with a note naming the other.
 */
final class MessageWriter {
    private final String mailbox;
    private final long maxAttachmentSize;
    private final Threader threader;

    MessageWriter(String mailbox, long maxAttachmentSize) {
        this.mailbox = mailbox;
        this.maxAttachmentSize = maxAttachmentSize;
        this.threader = new Threader(mailbox);
    }

    Ingest.Result write(Tx tx, String folder, long uid, Prepared prepared, Instant now) {
        if (prepared instanceof Prepared.Mail mail) {
            return mail(tx, folder, mail, now);
        }
        return quarantine(tx, folder, uid, (Prepared.NotMail) prepared, now);
    }

    private Ingest.Result mail(Tx tx, String folder, Prepared.Mail mail, Instant now) {
        String sha = mail.raw().sha256();
        MessageTable.Stored stored = tx.messages().stored(mailbox, sha, mail.messageId());
        if (stored.sameBytes().isPresent()) {
            return new Ingest.Result(Outcome.DUPLICATE, stored.sameBytes().get(), Optional.of(mail.messageId()), sha,
                    Optional.empty());
        }
        List<SameId> sameId = stored.sameId();
        Optional<String> content = mail.contentSha256();
        if (!sameId.isEmpty()) {
            // Every message of a Message-ID shared by several has its content hash stored from here on.
            String own = content.orElseGet(() -> MessageIdentity.contentSha256(mail.raw()));
            for (SameId other : sameId) {
                if (contentHash(tx, other).equals(own)) {
                    return new Ingest.Result(Outcome.DUPLICATE, other.id(), Optional.of(mail.messageId()), sha,
                            Optional.empty());
                }
            }
            content = Optional.of(own);
        }
        List<String> notes = new ArrayList<>(mail.notes());
        if (!sameId.isEmpty()) {
            notes.add("reuses the Message-ID <" + mail.messageId() + "> of message " + sameId.get(0).id()
                    + ", a different mail; stored as a message of its own");
        }
        ParsedMessage parsed = mail.parsed();
        Optional<Long> conversation = threader.conversationFor(tx, parsed, mail.kind(), now);
        long rawBlob = tx.blobs().putOwned(sha, mail.raw().size(), mail.raw()::open);
        long id = tx.messages().add(conversation, mail.kind().reopensConversation(), rawBlob,
                new MessageTable.NewMessage(mailbox, folder, mail.messageId(), mail.syntheticId(), sha, content,
                mail.raw().size(), mail.kind().key(),
                parsed.header("List-Id"), parsed.from().map(Address::email), parsed.from().flatMap(Address::name),
                display(parsed.to()), display(parsed.cc()), display(parsed.replyTo()), parsed.subject(), parsed.date(),
                parsed.inReplyTo(), parsed.references(), mail.text(), mail.newText(), notes, now));
        parsed.html().ifPresent(html -> tx.messages().addHtml(id, html));
        parsed.attachments().forEach(attachment -> attach(tx, id, attachment));
        return new Ingest.Result(Outcome.STORED, id, Optional.of(mail.messageId()), sha, Optional.empty());
    }

    /**
     * The content hash of a stored message, computed from its raw bytes (and kept) when the row has none: rows
     * older than content hashes, and rows whose Message-ID no other message had when they were stored.
     */
    private static String contentHash(Tx tx, SameId stored) {
        if (stored.contentSha256().isPresent()) {
            return stored.contentSha256().get();
        }
        try (InputStream raw = tx.blobs().open(stored.rawBlob())) {
            String hash = MessageIdentity.contentSha256(raw);
            tx.messages().setContentHash(stored.id(), hash);
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read stored message " + stored.id() + ": " + e.getMessage(), e);
        }
    }

    private Ingest.Result quarantine(Tx tx, String folder, long uid, Prepared.NotMail notMail, Instant now) {
        Content raw = notMail.raw();
        String sha = raw.sha256();
        long ref = tx.quarantine().byHash(mailbox, sha).orElseGet(() -> {
            tx.blobs().put(sha, raw.size(), raw::open);
            return tx.quarantine().add(mailbox, folder, uid, sha, raw.size(), notMail.error(), now);
        });
        return new Ingest.Result(Outcome.QUARANTINED, ref, Optional.empty(), sha, Optional.of(notMail.error()));
    }

    /** By content hash, under a sanitised display name; past the size limit only name, type and size. */
    private void attach(Tx tx, long messageId, Attachment a) {
        String name = FileNames.displayName(a.fileName(), a.contentType());
        Content content = a.content();
        boolean omit = content.size() > maxAttachmentSize;
        Optional<String> sha = omit ? Optional.empty() : Optional.of(content.sha256());
        sha.ifPresent(hash -> tx.blobs().put(hash, content.size(), content::open));
        tx.messages().addAttachment(messageId, new MessageTable.NewAttachment(name, a.contentType(), content.size(),
                sha, a.contentId(), a.inline(), omit ? Optional.of("larger than limits.maxAttachmentSize ("
                        + ByteSizes.format(maxAttachmentSize) + ")") : Optional.empty()));
    }

    private static List<String> display(List<Address> addresses) {
        return addresses.stream()
                .map(a -> a.name().map(name -> name + " <" + a.email() + ">").orElse(a.email()))
                .toList();
    }
}
