package dev.helpdesk.mail;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Content-Transfer-Encoding undone leniently, on the raw bytes of a part: base64 with stray characters or cut
 * short, quoted-printable with bad escapes, unknown encodings read as they are. Never fails; notes what it
 * had to forgive.
 */
final class TransferDecoding {
    private TransferDecoding() {}

    /**
     * The encoding's name: the first word outside comments (which nest), lower-case, without quotes or
     * parameters; "" when absent. One pass: a regex for the comments re-scanned a run of "(" from each one.
     */
    static String name(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth > 0 || c == '"' || c == '\r' || c == '\n') {
                continue; // inside a comment, a quote, or a folding line break
            } else if (c == ';' || Character.isWhitespace(c) && name.length() > 0) {
                break;
            } else if (!Character.isWhitespace(c)) {
                name.append(c);
            }
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** Whether the raw bytes are the content as they are (no decoding needed). */
    static boolean isIdentity(String encoding) {
        return switch (encoding) {
            case "", "7bit", "8bit", "binary" -> true;
            default -> false;
        };
    }

    static byte[] decode(byte[] raw, String encoding, DecodeNotes notes) {
        switch (encoding) {
            case "", "7bit", "8bit", "binary":
                return raw;
            case "base64":
                return base64(raw, notes);
            case "quoted-printable":
                return quotedPrintable(raw, notes);
            default:
                notes.add("unknown transfer encoding \"" + encoding + "\"; read as is");
                return raw;
        }
    }

    private static byte[] base64(byte[] raw, DecodeNotes notes) {
        int stray = 0;
        int alphabet = 0;
        for (byte b : raw) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                alphabet++;
            } else if (c != '=' && c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                stray++;
            }
        }
        if (stray > 0 || alphabet % 4 == 1) {
            notes.add("broken base64 decoded as far as it goes");
        }
        return TextDecoding.lenientBase64(raw);
    }

    private static byte[] quotedPrintable(byte[] raw, DecodeNotes notes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        boolean forgiven = false;
        int lineStart = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '\n') {
                int end = i > lineStart && raw[i - 1] == '\r' ? i - 1 : i;
                forgiven |= line(raw, lineStart, end, i < raw.length, out);
                lineStart = i + 1;
            }
        }
        if (forgiven) {
            notes.add("broken quoted-printable escapes kept as written");
        }
        return out.toByteArray();
    }

    /** Decodes one line; returns whether it had a bad escape. */
    private static boolean line(byte[] raw, int start, int end, boolean hasBreak, ByteArrayOutputStream out) {
        while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) {
            end--; // trailing blanks are transport padding (RFC 2045 section 6.7, rule 3)
        }
        boolean bad = false;
        for (int i = start; i < end; i++) {
            byte b = raw[i];
            if (b != '=') {
                out.write(b);
            } else if (i == end - 1) {
                return bad; // a soft line break: the line goes on without one
            } else if (hex(raw, i + 1, end) >= 0 && hex(raw, i + 2, end) >= 0) {
                out.write(hex(raw, i + 1, end) * 16 + hex(raw, i + 2, end));
                i += 2;
            } else {
                out.write(b);
                bad = true;
            }
        }
        if (hasBreak) {
            out.write('\r');
            out.write('\n');
        }
        return bad;
    }

    private static int hex(byte[] raw, int i, int end) {
        return i < end ? Character.digit((char) (raw[i] & 0xFF), 16) : -1;
    }
}
