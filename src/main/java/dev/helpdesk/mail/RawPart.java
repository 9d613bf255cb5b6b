package dev.helpdesk.mail;

import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * One MIME entity as it stands in the raw bytes: its header fields and its body, a slice of the same
 * content (nothing copied). Reads the header section the way mail clients do rather than the way RFC 5322
 * wishes: a line that is neither a field nor a continuation ends it (the body starts there), a broken
 * continuation after a ";" is joined, and a header section past {@value #HEADER_LIMIT} bytes is cut.
 */
final class RawPart {
    /** Header sections are small; one this large is hostile and would only cost memory. */
    static final int HEADER_LIMIT = 1024 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    private final InternetHeaders headers;
    private final Content body;
    private final boolean hasFields;

    private RawPart(InternetHeaders headers, Content body, boolean hasFields) {
        this.headers = headers;
        this.body = body;
        this.hasFields = hasFields;
    }

    /**
     * @param message true for a whole message (lines before its first field, such as an mbox "From " line,
     *     stay in its header section); false for a body part (which may start with its body right away)
     */
    static RawPart read(Content entity, boolean message, DecodeNotes notes) throws IOException {
        // Most header sections fit 4 KB: room for them at once, not grown from 32 bytes by doubling.
        ByteArrayOutputStream header = new ByteArrayOutputStream((int) Math.min(4096, entity.size()));
        boolean sawField = false;
        boolean lastFieldOpen = false; // the previous field line ended with ";": parameters continue
        long bodyStart = entity.size();
        try (Lines lines = new Lines(entity, HEADER_LIMIT)) {
            while (lines.next()) {
                int length = lines.headLength();
                byte[] line = lines.head();
                if (lines.contentLength() == 0) {
                    bodyStart = lines.end();
                    break;
                }
                if (header.size() + lines.contentLength() > HEADER_LIMIT) {
                    notes.add("header section longer than " + HEADER_LIMIT / 1024 + " KB; the rest is read as the body");
                    bodyStart = lines.start();
                    break;
                }
                boolean continuation = line[0] == ' ' || line[0] == '\t';
                if (continuation || HeaderSection.isField(line, 0, length)) {
                    sawField |= !continuation;
                } else if (!sawField && !message) {
                    bodyStart = lines.start(); // a part without a header section
                    break;
                } else if (sawField && lastFieldOpen) {
                    notes.add("a header line without leading blank after \";\" was read as a continuation");
                    header.write(' ');
                } else if (sawField) {
                    notes.add("the header section does not end with an empty line; the body starts at the first"
                            + " line that is not a header field");
                    bodyStart = lines.start();
                    break;
                }
                header.write(line, 0, length);
                header.write(CRLF);
                lastFieldOpen = endsWithSemicolon(line, length) && (sawField || continuation);
            }
        }
        header.write(CRLF);
        // 8-bit bytes stay one char each, and HeaderDecoding decides UTF-8 or windows-1252.
        InternetHeaders fields = HeaderLines.read(header.toByteArray(), header.size());
        return new RawPart(fields, entity.slice(Math.min(bodyStart, entity.size()), entity.size()), sawField);
    }

    private static boolean endsWithSemicolon(byte[] line, int length) {
        int i = length - 1;
        while (i >= 0 && (line[i] == ' ' || line[i] == '\t')) {
            i--;
        }
        return i >= 0 && line[i] == ';';
    }

    /** A header's values joined with {@code delimiter} (null: the first only); null when absent. */
    String header(String name, String delimiter) {
        return headers.getHeader(name, delimiter);
    }

    /** Every value of a header, in order; null when absent. */
    String[] headers(String name) {
        return headers.getHeader(name);
    }

    /** The body: the bytes after the header section, still transfer-encoded. */
    Content body() {
        return body;
    }

    /** Whether the header section holds at least one "Name: value" field. */
    boolean hasFields() {
        return hasFields;
    }
}
