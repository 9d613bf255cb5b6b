package dev.helpdesk.mail;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the helpdesk needs from one message, as plain values: identifiers for threading, decoded addresses and
 * subject, the readable bodies, and the headers that mark auto-replies, bounces and list mail.
 *
 * @param messageId the Message-ID without angle brackets
 * @param inReplyTo the first message ID named in In-Reply-To
 * @param references the message IDs in References, oldest first, without duplicates
 * @param subject RFC 2047 decoded, "" when absent
 * @param date the Date header, when present and readable
 * @param text the first text/plain body that is not an attachment, decoded with its charset
 * @param html the first text/html body that is not an attachment, decoded with its charset
 * @param extraHeaders unfolded raw values of the headers listed in {@link MessageParser#EXTRA_HEADERS} that are
 *     present; keys compare case-insensitively
 */
public record ParsedMessage(
        Optional<String> messageId,
        Optional<String> inReplyTo,
        List<String> references,
        Optional<Address> from,
        List<Address> to,
        List<Address> cc,
        List<Address> replyTo,
        String subject,
        Optional<Instant> date,
        Optional<String> text,
        Optional<String> html,
        Map<String, List<String>> extraHeaders) {

    public ParsedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        references = List.copyOf(references);
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        extraHeaders.forEach((name, values) -> headers.put(name, List.copyOf(values)));
        extraHeaders = Collections.unmodifiableMap(headers);
    }

    /** The first value of an extra header, e.g. {@code header("Auto-Submitted")}. */
    public Optional<String> header(String name) {
        List<String> values = extraHeaders.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
