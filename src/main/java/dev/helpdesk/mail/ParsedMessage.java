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
 * subject, the readable bodies, the attachments, and the headers that mark auto-replies, bounces and list mail.
 *
 * @param messageId the Message-ID without angle brackets
 * @param inReplyTo the first message ID named in In-Reply-To
 * @param references the message IDs in References, oldest first, without duplicates
 * @param subject RFC 2047 decoded, "" when absent
 * @param date the Date header, when present and readable
 * @param text the text/plain body, decoded with its charset, line ends "\n" (see {@link MimeBodies} for which
 *     parts make it); the attached message's text when the message has none of its own
 * @param html the text/html body, decoded with its charset, line ends "\n"
 * @param extraHeaders unfolded raw values of the headers listed in {@link MessageParser#EXTRA_HEADERS} that are
 *     present; keys compare case-insensitively
 * @param attachments every other part, in message order: files, inline images, attached messages,
 *     signatures, encrypted payloads
 * @param returnedMessageIdInParts for a bounce, the Message-ID of the message it returns as its parts tell it:
 *     from the returned message or headers of a delivery-status report, else of the first attached message
 *     (see {@link #returnedMessageId()}, which also reads the text)
 * @param notes every fallback taken while decoding, e.g. {@code Subject: charset "x-unknown" unknown; read
 *     as windows-1252}, so a garbled result can be explained
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
        Map<String, List<String>> extraHeaders,
        List<Attachment> attachments,
        Optional<String> returnedMessageIdInParts,
        List<String> notes) {

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
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(returnedMessageIdInParts, "returnedMessageIdInParts");
        notes = List.copyOf(notes);
    }

    /**
     * For a bounce, the Message-ID of the message it returns: from its parts, else quoted after a "copy of the
     * message" line of the text. It means something only when the message is a bounce, which the parser does
     * not decide; computed on each call, so ask for bounces only.
     */
    public Optional<String> returnedMessageId() {
        return returnedMessageIdInParts.or(() -> text.flatMap(MimeBodies::quotedReturnedMessageId));
    }

    /** The first value of an extra header, e.g. {@code header("Auto-Submitted")}. */
    public Optional<String> header(String name) {
        List<String> values = extraHeaders.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
