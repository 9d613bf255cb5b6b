package dev.helpdesk.fetch;

import dev.helpdesk.ingest.Kind;
import dev.helpdesk.mail.Content;
import dev.helpdesk.mail.ParsedMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One raw message made ready to store before any transaction opens: all parsing and rendering is done. */
sealed interface Prepared {
    /** The server's bytes, exactly. */
    Content raw();

    /**
     * A mail message.
     *
     * @param contentSha256 the hash of its content without trace fields, which with the Message-ID tells a copy
     *     from a different mail reusing the ID; computed here only when there is no Message-ID (the writer
     *     computes it when a stored message shares the ID)
     * @param messageId its own, or a synthetic one derived from {@code contentSha256}
     * @param text the text body, or the HTML body rendered as text
     * @param newText the text above the quoted history
     * @param notes every repair and fallback taken, for the admin
     */
    record Mail(Content raw, ParsedMessage parsed, Optional<String> contentSha256, String messageId,
            boolean syntheticId, Kind kind, Optional<String> text, Optional<String> newText, List<String> notes)
            implements Prepared {
        public Mail {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(parsed, "parsed");
            Objects.requireNonNull(contentSha256, "contentSha256");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(kind, "kind");
            notes = List.copyOf(notes);
        }
    }

    /** Bytes without any header section (not mail), or mail a bug keeps from being read: quarantined, with why. */
    record NotMail(Content raw, String error) implements Prepared {
        public NotMail {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(error, "error");
        }
    }
}
