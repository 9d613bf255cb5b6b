package dev.helpdesk.mail;

import java.io.IOException;
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
 * Nothing is held whole: parts are slices of the raw bytes, decoding streams into the {@link Spool}, and
 * bodies are kept up to a budget ({@value #TEXT_BUDGET} bytes of text, {@value #HTML_BUDGET} of HTML; the
 * raw message keeps the rest). Decoding is lenient and never throws for a bad part: a multipart whose
 * boundary never appears is kept as text (top level) or whole as an attachment (nested), unknown transfer
 * encodings are read as is, broken base64 as far as it goes, charsets through {@link TextDecoding}; each
 * fallback is noted. Parts nested deeper than {@value #MAX_DEPTH} levels are not read.
 */
final class MimeBodies {
    static final int MAX_DEPTH = 32;
    /** Text a person reads; a helpdesk view has no use for more, and HTML-to-text rendering stays cheap. */
    static final int TEXT_BUDGET = 2 * 1024 * 1024;
    static final int HTML_BUDGET = 4 * 1024 * 1024;
    /** A report's returned headers: enough for any Message-ID field. */
    private static final int HEADERS_BUDGET = 64 * 1024;

    private static final Pattern TYPE = Pattern.compile("^\\s*([\\w.+-]+/[\\w.+-]+)");
    private static final Pattern META_CHARSET =
            Pattern.compile("(?i)<meta[^>]{0,200}charset\\s*=\\s*[\"']?([\\w.:-]+)");
    /** What bounces write before the returned message's header section, in lower case. */
    private static final List<String> COPY_MARKERS = List.of("below this line is a copy of the message",
            "this is a copy of the message, including all the headers", "original message follows");
    private static final Pattern MESSAGE_ID_FIELD = Pattern.compile("(?im)^Message-ID:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)");

    /** What the parent multipart says about its children. */
    private enum Parent { NONE, MIXED, ALTERNATIVE, DIGEST, DELIVERY_REPORT }

    private final Spool spool;
    private final DecodeNotes notes;
    private final boolean keepAttachments;
    private StringBuilder text;
    private long textLeft = TEXT_BUDGET;
    private String html;
    private final List<Attachment> attachments = new ArrayList<>();
    private Optional<String> reportedId = Optional.empty();
    private Optional<String> attachedId = Optional.empty();
    private MimeBodies firstAttachedMessage;
    private boolean tooDeepNoted;

    private MimeBodies(Spool spool, DecodeNotes notes, boolean keepAttachments) {
        this.spool = spool;
        this.notes = notes;
        this.keepAttachments = keepAttachments;
    }

    static MimeBodies of(RawPart message, Spool spool, DecodeNotes notes) throws IOException {
        MimeBodies bodies = new MimeBodies(spool, notes, true);
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

    /** The whole body read as text, for a message whose structure could not be walked at all. */
    static MimeBodies plainText(RawPart message, Spool spool, DecodeNotes notes) throws IOException {
        MimeBodies bodies = new MimeBodies(spool, notes, true);
        PartHeader header = new PartHeader(message, notes);
        bodies.text = new StringBuilder(bodies.read(message, header, "text body", false, TEXT_BUDGET));
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

    /** The returned message's ID found in the parts: a delivery report's, else the first attached message's. */
    Optional<String> returnedMessageIdInParts() {
        return reportedId.or(() -> attachedId);
    }

    private void walk(RawPart part, int depth, Parent parent) throws IOException {
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
            Content content = decoded(part, header, header.describe(type));
            Optional<String> id = messageIdField(new String(prefix(content, HEADERS_BUDGET), StandardCharsets.ISO_8859_1));
            if (parent == Parent.DELIVERY_REPORT) {
                reportedId = reportedId.or(() -> id);
            } else {
                attachedId = attachedId.or(() -> id);
            }
            attach(header.attachment(type, content));
        } else if (header.isBody() && type.equals("text/plain")) {
            if (text == null) {
                text = new StringBuilder(read(part, header, "text body", false, textLeft));
            } else if (parent != Parent.ALTERNATIVE) {
                text.append("\n\n").append(read(part, header, "text body", false, textLeft)); // split around an image
            } // else another alternative of the text we have
            textLeft = Math.max(0, TEXT_BUDGET - text.length());
        } else if (header.isBody() && type.equals("text/html") && (html == null || parent == Parent.ALTERNATIVE)) {
            if (html == null) {
                html = read(part, header, "HTML body", true, HTML_BUDGET);
            } // else another alternative; a second HTML part of a mixed message is kept as an attachment
        } else if (keepAttachments) {
            attach(header.attachment(type, decoded(part, header, header.describe(type))));
        }
    }

    private void attach(Attachment attachment) {
        if (keepAttachments) {
            attachments.add(attachment);
        }
    }

    private void multipart(RawPart part, PartHeader header, String type, int depth) throws IOException {
        Content body = decoded(part, header, type + " part");
        Optional<MultipartLayout> layout = MultipartLayout.find(body, header.typeParams.get("boundary"),
                notes.in(type));
        if (layout.isEmpty()) {
            if (depth == 0) {
                notes.add(type + ": no boundary line found; the body is kept as text");
                appendText(decodeText(body, null, "text body", false, textLeft));
            } else {
                notes.add(type + " part has no boundary line; kept whole as an attachment");
                attach(header.attachment(type, body));
            }
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
        for (MultipartLayout.Slice slice : layout.get().parts()) {
            walk(RawPart.read(body.slice(slice.start(), slice.end()), false, notes), depth + 1, parent);
        }
    }

    private void appendText(String more) {
        if (text == null) {
            text = new StringBuilder(more);
        } else {
            text.append("\n\n").append(more);
        }
        textLeft = Math.max(0, TEXT_BUDGET - text.length());
    }

    /** Kept as an .eml attachment; its Message-ID may name the message a bounce returns, its text the body. */
    private void attachedMessage(RawPart part, PartHeader header, String type, int depth, Parent parent)
            throws IOException {
        Content content = decoded(part, header, header.describe(type));
        attach(header.attachment(type, content));
        RawPart inner = RawPart.read(content, true, notes.in("attached message"));
        Optional<String> id = first(HeaderDecoding.messageIds(inner.header("Message-ID", null)));
        if (parent == Parent.DELIVERY_REPORT) {
            reportedId = reportedId.or(() -> id);
        } else {
            attachedId = attachedId.or(() -> id);
        }
        if (firstAttachedMessage == null) {
            // Only its text is wanted: its own attachments stay inside the .eml.
            MimeBodies bodies = new MimeBodies(spool, notes.in("attached message"), false);
            bodies.walk(inner, depth + 1, Parent.NONE);
            firstAttachedMessage = bodies;
        }
    }

    /**
     * The Message-ID in the header section a bounce quotes after a "copy of the message" line of its text. Asked
     * for bounces only: searching every message's text took a tenth of the drain's time.
     */
    static Optional<String> quotedReturnedMessageId(String text) {
        // indexOf on a lower-cased copy, char for char so offsets match (a case-insensitive regex of the three
        // phrases backtracked over every line).
        char[] lower = new char[text.length()];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = Character.toLowerCase(text.charAt(i));
        }
        String folded = new String(lower);
        int at = COPY_MARKERS.stream().mapToInt(folded::indexOf).filter(i -> i >= 0).min().orElse(-1);
        if (at < 0) {
            return Optional.empty();
        }
        int lineEnd = folded.indexOf('\n', at);
        return lineEnd < 0 ? Optional.empty() : messageIdField(text.substring(lineEnd));
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

    private String read(RawPart part, PartHeader header, String where, boolean isHtml, long budget)
            throws IOException {
        Bounded bytes = new Bounded(budget);
        TransferDecoding.decode(part.body(), header.transferEncoding(), notes.in(where), bytes);
        return text(bytes, header.typeParams.get("charset").orElse(null), where, isHtml);
    }

    private String decodeText(Content body, String charset, String where, boolean isHtml, long budget)
            throws IOException {
        Bounded bytes = new Bounded(budget);
        body.forEachBlock(bytes::write);
        return text(bytes, charset, where, isHtml);
    }

    private String text(Bounded bytes, String declaredCharset, String where, boolean isHtml) {
        byte[] kept = bytes.kept();
        if (bytes.total() > kept.length) {
            notes.add(where + " is " + bytes.total() + " bytes; the first " + kept.length
                    + " are shown, the whole message is kept");
        }
        String charset = declaredCharset;
        if (charset == null && isHtml) {
            Matcher meta = META_CHARSET.matcher(new String(kept, 0, Math.min(kept.length, 4096),
                    StandardCharsets.ISO_8859_1));
            charset = meta.find() ? meta.group(1) : null;
        }
        return TextDecoding.decode(kept, charset, notes.in(where)).replace("\r\n", "\n");
    }

    /** The part's content with its transfer encoding undone: a slice of the raw bytes when there is none. */
    private Content decoded(RawPart part, PartHeader header, String where) throws IOException {
        if (TransferDecoding.isIdentity(header.transferEncoding())) {
            return part.body();
        }
        try (ContentSink sink = spool.sink()) {
            TransferDecoding.decode(part.body(), header.transferEncoding(), notes.in(where), sink);
            return sink.finish();
        }
    }

    private static byte[] prefix(Content content, int limit) throws IOException {
        try (var in = content.open()) {
            return in.readNBytes(limit);
        }
    }
}
