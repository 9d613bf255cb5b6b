package dev.helpdesk.mail;

import java.util.Locale;
import java.util.Optional;

/**
 * The headers of one MIME part that decide what it is (type, disposition, file name, transfer encoding,
 * Content-ID), read once, 8-bit bytes decoded and parameters parsed leniently.
 */
final class PartHeader {
    final String contentType;
    final MimeParams typeParams;
    private final String disposition;
    private final String transferEncoding;
    private final Optional<String> contentId;
    private final String fileName;

    PartHeader(RawPart part, DecodeNotes notes) {
        DecodeNotes names = notes.in("attachment name");
        contentType = value(part, "Content-Type", notes);
        typeParams = MimeParams.parse(contentType, names);
        String dispositionValue = value(part, "Content-Disposition", notes);
        disposition = dispositionValue == null ? "" : dispositionValue.split(";", 2)[0].strip()
                .toLowerCase(Locale.ROOT);
        MimeParams dispositionParams = MimeParams.parse(dispositionValue, names);
        transferEncoding = TransferDecoding.name(part.header("Content-Transfer-Encoding", null));
        String id = value(part, "Content-ID", notes);
        contentId = Optional.ofNullable(id).map(PartHeader::withoutBrackets).filter(s -> !s.isEmpty());
        fileName = dispositionParams.get("filename").or(() -> typeParams.get("name"))
                .map(name -> HeaderDecoding.decode(name, names))
                .orElse("");
    }

    private static String value(RawPart part, String name, DecodeNotes notes) {
        String raw = part.header(name, null);
        return raw == null ? null : HeaderDecoding.unfold(HeaderDecoding.eightBit(raw, notes.in(name)));
    }

    private static String withoutBrackets(String id) {
        String s = id.strip();
        int open = s.indexOf('<');
        int close = s.indexOf('>', open + 1);
        return open >= 0 && close > open ? s.substring(open + 1, close).strip() : s.replace("<", "").replace(">", "");
    }

    boolean isAttachment() {
        return disposition.equals("attachment");
    }

    /** A text part that is a body rather than a file: not an attachment and not named. */
    boolean isBody() {
        return !isAttachment() && fileName.isEmpty();
    }

    String transferEncoding() {
        return transferEncoding;
    }

    /** The sender's file name, RFC 2231 or RFC 2047 decoded, "" when none. */
    String fileName() {
        return fileName;
    }

    /** How notes name this part: its file name (shortened) or else its type. */
    String describe(String type) {
        return fileName.isEmpty() ? "part " + type
                : "attachment \"" + (fileName.length() > 60 ? fileName.substring(0, 60) + "…" : fileName) + "\"";
    }

    Attachment attachment(String type, Content content) {
        boolean inline = disposition.equals("inline") || disposition.isEmpty() && contentId.isPresent();
        return new Attachment(fileName, type, content, contentId, inline);
    }
}
