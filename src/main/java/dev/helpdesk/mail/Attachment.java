package dev.helpdesk.mail;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message that is not its text or HTML body: a file, an inline image, an attached message, a
 * signature or an encrypted payload. The content is a slice of the raw message or a spooled decoding of it,
 * valid while the spool it came from is open.
 *
 * @param fileName decoded as the sender gave it (RFC 2231 and RFC 2047 names), "" when none; may be hostile
 *     ({@code ../../etc/passwd}) and is NOT sanitised here: it is display data, never a path
 * @param contentType the base type, lower-case, e.g. {@code image/png}
 * @param content the transfer-decoded bytes, with their size and SHA-256
 * @param contentId the Content-ID without angle brackets, which {@code cid:} links in the HTML name
 * @param inline shown within the body (disposition inline, or a Content-ID without a disposition)
 */
public record Attachment(String fileName, String contentType, Content content, Optional<String> contentId,
        boolean inline) {

    public Attachment {
        Objects.requireNonNull(fileName, "fileName");
        contentType = Objects.requireNonNull(contentType, "contentType").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentId, "contentId");
    }
}
