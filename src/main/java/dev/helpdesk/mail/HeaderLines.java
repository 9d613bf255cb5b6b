package dev.helpdesk.mail;

import jakarta.mail.internet.InternetHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Reads a header section held in memory into {@link InternetHeaders} exactly as {@code new InternetHeaders(in,
 * false)} reads it from a stream, lines and continuations alike, without the stream: that constructor looks up
 * its line reader through the service loader for every section and reads it a byte at a time through a
 * synchronized {@code read()}, which was 8 % of the CPU of preparing a message (every MIME part has a header
 * section). {@code HeaderLinesTest} holds it to the library's own reading of the same bytes, but for one case the
 * library fails on: a folded line after blank-only lines at the start, which is read as if it came first.
 */
final class HeaderLines {
    private final byte[] bytes;
    private final int length;
    private int pos;

    private HeaderLines(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    /** The fields of {@code bytes[0, length)}, up to the first empty line; 8-bit bytes are one char each. */
    static InternetHeaders read(byte[] bytes, int length) {
        return new HeaderLines(bytes, length).fields();
    }

    /** The library's load(): a line starting with a blank continues the field before it. */
    private InternetHeaders fields() {
        InternetHeaders headers = new Fields();
        String previous = null; // the field line before, while no continuation has been seen
        StringBuilder folded = new StringBuilder(); // a field with its continuations, joined by CRLF
        String line;
        do {
            line = nextLine();
            if (line != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                if (previous != null) {
                    folded.append(previous);
                    previous = null;
                }
                if (folded.length() == 0) {
                    // No field yet to continue: trimmed, it is a field line of its own (blank-only, nothing), as
                    // the library reads a first line; after blank-only lines the library threw instead
                    // (IndexOutOfBoundsException), and the message failed.
                    folded.append(line.trim());
                } else {
                    folded.append("\r\n").append(line);
                }
            } else {
                if (previous != null) {
                    headers.addHeaderLine(previous);
                } else if (folded.length() > 0) {
                    headers.addHeaderLine(folded.toString());
                    folded.setLength(0);
                }
                previous = line;
            }
        } while (line != null && !line.isEmpty());
        return headers;
    }

    /**
     * Angus's LineInputStream.readLine: a line ends with LF, CR LF, CR CR LF, or a CR followed by anything else
     * (which then starts the next line); null at the end of the bytes.
     */
    private String nextLine() {
        if (pos >= length) {
            return null;
        }
        int start = pos;
        int end = start;
        while (end < length && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        if (end == length || bytes[end] == '\n') {
            pos = Math.min(length, end + 1);
        } else if (end + 1 < length && bytes[end + 1] == '\n') {
            pos = end + 2;
        } else if (end + 2 < length && bytes[end + 1] == '\r' && bytes[end + 2] == '\n') {
            pos = end + 3;
        } else {
            pos = end + 1;
        }
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * InternetHeaders without the 30 empty placeholders its constructor adds to order the fields setHeader adds
     * (nothing here does): every lookup of a field compared its name with all of them as well.
     */
    private static final class Fields extends InternetHeaders {
        Fields() {
            headers.clear();
        }
    }
}
