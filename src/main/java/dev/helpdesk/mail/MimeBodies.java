package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a message's MIME tree once and sorts every leaf into the text body, the HTML body or an attachment:
 * <ul>
 *   <li>text: the first text/plain part that is neither an attachment nor named, with later such parts of a
 *       mixed multipart appended (clients split text around inline images); in multipart/alternative the
 *       text/plain alternative is the text and the text/html one the HTML, other alternatives are dropped;
 *   <li>attachments: everything else, among them cid: images of multipart/related (inline, with Content-ID),
 *       signatures of multipart/signed, the parts of multipart/encrypted, S/MIME and TNEF payloads;
 *   <li>attached messages (message/rfc822) are kept as attachments; their text becomes the body only when
 *       the message has none of its own (a forward sent as an attachment);
 *   <li>the returned message of a bounce: the Message-ID of the message/rfc822 or text/rfc822-headers part
 *       of a {@code multipart/report; report-type=delivery-status}, else of the first attached message, else
 *       of the copy a qmail- or exim-style bounce quotes in its text.
 * </ul>
 * Decoding is lenient and never throws for a bad part: unknown transfer encodings are read as is, broken
 * base64 as far as it goes, charsets through {@link TextDecoding}, and a nested multipart that cannot be
 * split is kept whole as an attachment; each such fallback is noted. Parts nested deeper than
 * {@value #MAX_DEPTH} levels are not read.
 */
final class MimeBodies {
    static final int MAX_DEPTH = 32;
    private static final Pattern TYPE = Pattern.compile("^\\s*([\\w.+-]+/[\\w.+-]+)");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)\\bboundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final Pattern META_CHARSET =
            Pattern.compile("(?i)<meta[^>]{0,200}charset\\s*=\\s*[\"']?([\\w.:-]+)");
    private static final Pattern COPY_MARKER = Pattern.compile("(?im)^.*(below this line is a copy of the message"
            + "|this is a copy of the message, including all the headers|original message follows).*$");
    private static final Pattern MESSAGE_ID_FIELD = Pattern.compile("(?im)^Message-ID:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)");

    /** What the parent multipart says about its children. */
    private enum Parent { NONE, MIXED, ALTERNATIVE, DIGEST, DELIVERY_REPORT }

    private final Session session;
    private final DecodeNotes notes;
    private StringBuilder text;
    private String html;
    private final List<Attachment> attachments = new ArrayList<>();
    private Optional<String> reportedId = Optional.empty();
    private Optional<String> attachedId = Optional.empty();
    private MimeBodies firstAttachedMessage;
    private boolean tooDeepNoted;

    private MimeBodies(Session session, DecodeNotes notes) {
        this.session = session;
        this.notes = notes;
    }

    /**
     * @throws MessagingException when the message itself is a multipart whose boundary never appears, so that
     *     no part of it can be read; nested parts never fail the message
     */
    static MimeBodies of(MimeMessage message, Session session, DecodeNotes notes)
            throws MessagingException, IOException {
        MimeBodies bodies = new MimeBodies(session, notes);
        bodies.walk(message, 0, Parent.NONE);
        if (bodies.text == null && bodies.html == null && bodies.firstAttachedMessage != null) {
            bodies.text = bodies.firstAttachedMessage.text;
            bodies.html = bodies.firstAttachedMessage.html;
            if (bodies.text != null || bodies.html != null) {
                notes.add("no text of its own; the text of the attached message is shown");
            }
        }
        return bodies;
    }

    Optional<String> text() {
        return Optional.ofNullable(text).map(StringBuilder::toString);
    }

    Optional<String> html() {
        return Optional.ofNullable(html);
    }

    List<Attachment> attachments() {
        return List.copyOf(attachments);
    }

    Optional<String> returnedMessageId() {
        return reportedId.or(() -> attachedId).or(this::copyInText);
    }

    private void walk(MimePart part, int depth, Parent parent) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            if (!tooDeepNoted) {
                notes.add("MIME parts nested more than " + MAX_DEPTH + " levels deep were not read");
                tooDeepNoted = true;
            }
            return;
        }
        PartHeader header = new PartHeader(part, notes);
        String type = header.contentType == null && parent == Parent.DIGEST ? "message/rfc822"
                : baseType(header.contentType);
        if (type.startsWith("multipart/")) {
            multipart(part, header, type, depth);
        } else if (type.equals("message/rfc822") || type.equals("message/global")) {
            attachedMessage(part, header, type, depth, parent);
        } else if (type.equals("text/rfc822-headers") || type.equals("message/global-headers")) {
            byte[] content = content(part, header, header.describe(type));
            Optional<String> id = messageIdField(new String(content, StandardCharsets.ISO_8859_1));
            if (parent == Parent.DELIVERY_REPORT) {
                reportedId = reportedId.or(() -> id);
            } else {
                attachedId = attachedId.or(() -> id);
            }
            attachments.add(header.attachment(type, content));
        } else if (header.isBody() && type.equals("text/plain")) {
            if (text == null) {
                text = new StringBuilder(read(part, header, "text body", false));
            } else if (parent != Parent.ALTERNATIVE) {
                text.append("\n\n").append(read(part, header, "text body", false)); // split around an image
            } // else another alternative of the text we have
        } else if (header.isBody() && type.equals("text/html") && (html == null || parent == Parent.ALTERNATIVE)) {
            if (html == null) {
                html = read(part, header, "HTML body", true);
            } // else another alternative; a second HTML part of a mixed message is kept as an attachment
        } else {
            attachments.add(header.attachment(type, content(part, header, header.describe(type))));
        }
    }

    private void multipart(MimePart part, PartHeader header, String type, int depth)
            throws MessagingException, IOException {
        MimeMultipart multipart = new MimeMultipart(new PartSource(part, cleanMultipartType(type, header.contentType),
                header.transferEncoding(), notes));
        int count;
        try {
            count = multipart.getCount();
        } catch (MessagingException broken) {
            if (depth == 0) {
                throw broken; // not one part of the message can be read
            }
            notes.add(type + " part cannot be split (" + broken.getMessage() + "); kept whole as an attachment");
            attachments.add(header.attachment(type, content(part, header, header.describe(type))));
            return;
        }
        Parent parent = switch (type) {
            case "multipart/alternative" -> Parent.ALTERNATIVE;
            case "multipart/digest" -> Parent.DIGEST;
            case "multipart/report" -> header.typeParams.get("report-type")
                    .filter(t -> t.strip().equalsIgnoreCase("delivery-status"))
                    .map(t -> Parent.DELIVERY_REPORT).orElse(Parent.MIXED);
            default -> Parent.MIXED;
        };
        for (int i = 0; i < count; i++) {
            walk((MimePart) multipart.getBodyPart(i), depth + 1, parent);
        }
    }

    /** Kept as an .eml attachment; its Message-ID may name the message a bounce returns, its text the body. */
    private void attachedMessage(MimePart part, PartHeader header, String type, int depth, Parent parent)
            throws MessagingException, IOException {
        byte[] content = content(part, header, header.describe(type));
        attachments.add(header.attachment(type, content));
        Optional<String> id;
        MimeMessage inner;
        try {
            inner = new MimeMessage(session, new SharedByteArrayInputStream(content));
            id = first(HeaderDecoding.messageIds(inner.getHeader("Message-ID", null)));
        } catch (MessagingException unreadable) {
            notes.add("an attached message cannot be read: " + unreadable.getMessage());
            return;
        }
        if (parent == Parent.DELIVERY_REPORT) {
            reportedId = reportedId.or(() -> id);
        } else {
            attachedId = attachedId.or(() -> id);
        }
        if (firstAttachedMessage == null) {
            MimeBodies bodies = new MimeBodies(session, notes.in("attached message"));
            try {
                bodies.walk(inner, depth + 1, Parent.NONE);
            } catch (MessagingException unreadable) {
                notes.add("the attached message's text cannot be read: " + unreadable.getMessage());
            }
            firstAttachedMessage = bodies;
        }
    }

    /** The Message-ID quoted after a bounce's "copy of the message" line, for bounces without MIME structure. */
    private Optional<String> copyInText() {
        if (text == null) {
            return Optional.empty();
        }
        Matcher marker = COPY_MARKER.matcher(text);
        return marker.find() ? messageIdField(text.substring(marker.end())) : Optional.empty();
    }

    private static Optional<String> messageIdField(String headers) {
        Matcher field = MESSAGE_ID_FIELD.matcher(headers);
        return field.find() ? first(HeaderDecoding.messageIds(field.group(1))) : Optional.empty();
    }

    private static <T> Optional<T> first(List<T> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The lower-case type/subtype, text/plain when missing or unreadable (RFC 2045 section 5.2). */
    static String baseType(String contentType) {
        Matcher m = contentType == null ? null : TYPE.matcher(HeaderDecoding.unfold(contentType));
        return m != null && m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "text/plain";
    }

    /** Only type and boundary, quoted, so sloppy parameters elsewhere cannot fail the strict parser. */
    private static String cleanMultipartType(String type, String contentType) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : HeaderDecoding.unfold(contentType));
        if (!m.find()) {
            return type; // Angus then takes the boundary from the first "--" line
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        return type + "; boundary=\"" + boundary.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String read(MimePart part, PartHeader header, String where, boolean isHtml)
            throws MessagingException, IOException {
        byte[] bytes = content(part, header, where);
        String charset = header.typeParams.get("charset").orElse(null);
        if (charset == null && isHtml) {
            Matcher meta = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096),
                    StandardCharsets.ISO_8859_1));
            charset = meta.find() ? meta.group(1) : null;
        }
        return TextDecoding.decode(bytes, charset, notes.in(where)).replace("\r\n", "\n");
    }

    /** The part's content with its transfer encoding undone; {@code where} names the part in notes. */
    private byte[] content(MimePart part, PartHeader header, String where) throws MessagingException, IOException {
        try (InputStream raw = PartSource.rawStream(part)) {
            return TransferDecoding.decode(raw.readAllBytes(), header.transferEncoding(), notes.in(where));
        }
    }
}
