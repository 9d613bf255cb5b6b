package dev.helpdesk.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient header decoding: RFC 2047 encoded-words (also glued to other text, also with unknown charsets, also
 * with a multi-byte character split across two words) and message-ID lists.
 */
final class HeaderDecoding {
    // The encoded text may hold blanks: some senders do not encode spaces in Q words. It cannot hold "?", so
    // a match never runs into the next word, and an attempt scans at most three "?" ahead: linear overall.
    // Possessive runs because giving back characters that cannot be "?" never helps.
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]++)\\?([BbQq])\\?([^?\\r\\n]*+)\\?=");
    // An attempt starts only at "<" and stops at the next one.
    private static final Pattern BRACKETED_ID = Pattern.compile("<([^<>\\s]++)>");
    // Starts only at a token boundary and never backtracks: a long value without "@" stays linear.
    private static final Pattern BARE_ID = Pattern.compile("(?<![^<>\\s\"(),;@])[^<>\\s\"(),;@]++@[^<>\\s\"(),;]++");

    private HeaderDecoding() {}

    /** Removes folding line breaks (RFC 5322 section 2.2.3). */
    static String unfold(String raw) {
        int lf = raw.indexOf('\n');
        if (lf < 0) {
            return raw; // most fields fit on one line: no copy, no regex
        }
        StringBuilder out = new StringBuilder(raw.length());
        int from = 0;
        for (; lf >= 0; lf = raw.indexOf('\n', from)) {
            out.append(raw, from, lf > from && raw.charAt(lf - 1) == '\r' ? lf - 1 : lf);
            from = lf + 1;
        }
        return out.append(raw, from, raw.length()).toString();
    }

    /**
     * A header value read one char per byte (how Jakarta Mail reads 8-bit headers with allowutf8 off) as
     * UTF-8 when its bytes are valid UTF-8 (RFC 6532), else as windows-1252, with a note.
     */
    static String eightBit(String oneCharPerByte, DecodeNotes notes) {
        for (int i = 0; i < oneCharPerByte.length(); i++) {
            if (oneCharPerByte.charAt(i) > 0x7F) {
                byte[] bytes = oneCharPerByte.getBytes(StandardCharsets.ISO_8859_1);
                if (TextDecoding.isUtf8(bytes)) {
                    return new String(bytes, StandardCharsets.UTF_8);
                }
                notes.add("raw 8-bit bytes are not UTF-8; read as windows-1252");
                return TextDecoding.utf8OrWindows1252(bytes);
            }
        }
        return oneCharPerByte;
    }

    /** Unfolds and decodes encoded-words; undecodable words stay as written. */
    static String decode(String raw) {
        return decode(raw, new DecodeNotes());
    }

    /** As {@link #decode(String)}, noting charset fallbacks. */
    static String decode(String raw, DecodeNotes notes) {
        String text = unfold(raw);
        Matcher word = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        String runCharset = null;
        int last = 0;
        while (word.find()) {
            String gap = text.substring(last, word.start());
            byte[] bytes = decodeWord(word.group(2), word.group(3));
            String charset = word.group(1);
            // Whitespace between two encoded-words is not part of the text (RFC 2047 section 6.2).
            boolean continuesRun = runCharset != null && gap.isBlank();
            if (!continuesRun || bytes == null || !charset.equalsIgnoreCase(runCharset)) {
                flush(out, run, runCharset, notes);
                runCharset = null;
                if (!continuesRun || bytes == null) {
                    out.append(gap);
                }
            }
            if (bytes == null) {
                out.append(word.group());
            } else {
                // Same-charset neighbours are decoded together: senders split UTF-8 sequences across words.
                run.writeBytes(bytes);
                runCharset = charset;
            }
            last = word.end();
        }
        flush(out, run, runCharset, notes);
        return out.append(text, last, text.length()).toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, String charset, DecodeNotes notes) {
        if (charset != null) {
            out.append(TextDecoding.decode(run.toByteArray(), charset, notes));
            run.reset();
        }
    }

    private static byte[] decodeWord(String encoding, String encoded) {
        byte[] ascii = encoded.getBytes(StandardCharsets.ISO_8859_1);
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return TextDecoding.lenientBase64(ascii);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(ascii.length);
        for (int i = 0; i < ascii.length; i++) {
            byte b = ascii[i];
            if (b == '_') {
                out.write(' ');
            } else if (b == '=' && i + 2 < ascii.length && hex(ascii[i + 1]) >= 0 && hex(ascii[i + 2]) >= 0) {
                out.write(hex(ascii[i + 1]) * 16 + hex(ascii[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    /**
     * The message IDs in a Message-ID, In-Reply-To or References value, without angle brackets, in order and
     * without duplicates. Values with no bracketed ID fall back to bare {@code local@domain} tokens.
     */
    static List<String> messageIds(String raw) {
        if (raw == null) {
            return List.of();
        }
        String text = unfold(raw);
        Set<String> ids = new LinkedHashSet<>();
        Matcher bracketed = BRACKETED_ID.matcher(text);
        while (bracketed.find()) {
            ids.add(bracketed.group(1));
        }
        if (ids.isEmpty()) {
            Matcher bare = BARE_ID.matcher(text);
            while (bare.find()) {
                ids.add(bare.group());
            }
        }
        return new ArrayList<>(ids);
    }
}
