package dev.helpdesk.fetch;

import dev.helpdesk.ingest.Classifier;
import dev.helpdesk.ingest.Digest;
import dev.helpdesk.ingest.HtmlText;
import dev.helpdesk.ingest.Kind;
import dev.helpdesk.ingest.Quotes;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.MessageIdentity;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.mail.ParsedMessage;
import dev.helpdesk.mail.Spool;
import dev.helpdesk.mail.UnparseableMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slow, pure half of ingest, run before the chunk's transaction opens so that no other writer waits for
 * it: parse (in bounded memory), hash, classify, render HTML as text and cut the quoted history.
 */
final class MessagePreparer {
    private final MessageParser parser;
    private final Classifier classifier;

    MessagePreparer(MessageParser parser, Classifier classifier) {
        this.parser = parser;
        this.classifier = classifier;
    }

    /**
     * Never fails for bad mail: input without a header section comes back as {@link Prepared.NotMail}.
     *
     * @throws UncheckedIOException when the spool cannot be written or read (a full disk)
     */
    Prepared prepare(Content raw, Spool spool) {
        raw.sha256(); // kept by the content: hashed here, not by the writer, whose thread is the drain's slowest
        ParsedMessage parsed;
        try {
            parsed = parser.parse(raw, spool);
        } catch (UnparseableMessageException e) {
            return new Prepared.NotMail(raw, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool a message's parts: " + e.getMessage(), e);
        }
        // Hashing the content costs as much as parsing it: done here only for a message without a Message-ID,
        // whose synthetic one derives from it; otherwise by the writer if a stored message shares the ID.
        Optional<String> contentSha256 = parsed.messageId().isEmpty()
                ? Optional.of(MessageIdentity.contentSha256(raw)) : Optional.empty();
        Kind kind = classifier.classify(parsed);
        List<String> notes = new ArrayList<>();
        Optional<String> text = parsed.text();
        if (text.isEmpty() && parsed.html().isPresent()) {
            HtmlText.Rendered rendered = HtmlText.render(parsed.html().get(), HtmlText.Budget.DEFAULT);
            text = Optional.of(rendered.text());
            notes.add(rendered.truncated() ? "text rendered from the first part of the HTML body (it is longer than"
                    + " the rendering budget; the whole HTML is kept)" : "text rendered from the HTML body");
        }
        notes.addAll(parsed.notes());
        // The same bytes must always get the same ID: the writer finds a stored copy of them through it (raw bytes
        // have no name of their own since schema 14). A new rule for IDs needs a migration that applies it to them.
        String messageId = parsed.messageId().orElseGet(() -> Digest.syntheticMessageId(contentSha256.orElseThrow()));
        return new Prepared.Mail(raw, parsed, contentSha256, messageId, parsed.messageId().isEmpty(), kind, text,
                text.map(Quotes::newText), notes);
    }
}
