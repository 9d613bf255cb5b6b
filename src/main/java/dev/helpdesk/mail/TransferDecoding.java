package dev.helpdesk.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Content-Transfer-Encoding undone leniently and as a stream, so a 40 MB attachment is decoded without
 * holding it: base64 with stray characters, padding in the middle or cut short, quoted-printable with bad
 * escapes, unknown encodings read as they are. Never fails on bad input; notes what it had to forgive.
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

    /** Copies {@code in} to {@code out} with the encoding undone. */
    static void decode(Content in, String encoding, DecodeNotes notes, OutputStream out) throws IOException {
        ByteDecoder decoder = switch (encoding) {
            case "base64" -> new Base64Decoder(out, in.size());
            case "quoted-printable" -> new QuotedPrintableDecoder(out, in.size());
            default -> null;
        };
        if (decoder == null) {
            if (!isIdentity(encoding)) {
                notes.add("unknown transfer encoding \"" + encoding + "\"; read as is");
            }
            in.forEachBlock(out::write);
            return;
        }
        in.forEachBlock(decoder::feed);
        decoder.end();
        decoder.flush();
        decoder.complaint().ifPresent(notes::add);
    }

    /** As the streaming form, for small inputs already in memory. */
    static byte[] decode(byte[] raw, String encoding, DecodeNotes notes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        try {
            decode(Content.of(raw), encoding, notes, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: both streams are in memory
        }
        return out.toByteArray();
    }
}
