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
        Decoder decoder = switch (encoding) {
            case "base64" -> new Base64Decoder(out);
            case "quoted-printable" -> new QuotedPrintableDecoder(out);
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

    /**
     * A byte-at-a-time decoder: {@code feed} every byte, then {@code end} and {@code flush}. Output is gathered
     * in a block and written in bulk: a write per decoded byte cost more than the decoding.
     */
    private abstract static class Decoder {
        private final OutputStream out;
        private final byte[] block = new byte[8 * 1024];
        private int blockLength;

        Decoder(OutputStream out) {
            this.out = out;
        }

        final void emit(int b) throws IOException {
            if (blockLength == block.length) {
                flush();
            }
            block[blockLength++] = (byte) b;
        }

        final void emit(byte[] bytes, int length) throws IOException {
            for (int i = 0; i < length; i++) {
                emit(bytes[i]);
            }
        }

        final void flush() throws IOException {
            out.write(block, 0, blockLength);
            blockLength = 0;
        }

        abstract void feed(int b) throws IOException;

        /** Every byte of the block, in order; a decoder may override it with a faster loop. */
        void feed(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset, end = offset + length; i < end; i++) {
                feed(bytes[i] & 0xFF);
            }
        }

        abstract void end() throws IOException;

        abstract java.util.Optional<String> complaint();
    }

    /**
     * Base64 as senders really write it: characters outside the alphabet skipped, "=" ending a quantum
     * wherever it stands (concatenated encodings), a quantum cut short decoded as far as it goes.
     */
    private static final class Base64Decoder extends Decoder {
        private int bits;
        private int count;
        private boolean stray;
        private boolean cut;

        Base64Decoder(OutputStream out) {
            super(out);
        }

        /** The common case in one tight loop: alphabet characters and line ends; anything else goes to feed(int). */
        @Override
        void feed(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset, end = offset + length; i < end; i++) {
                int c = bytes[i] & 0xFF;
                int v = SEXTETS[c];
                if (v >= 0) {
                    bits = bits << 6 | v;
                    if (++count == 4) {
                        emit(bits >> 16);
                        emit(bits >> 8);
                        emit(bits);
                        bits = 0;
                        count = 0;
                    }
                } else if (c != '\r' && c != '\n') {
                    feed(c);
                }
            }
        }

        @Override
        void feed(int c) throws IOException {
            int v = sextet(c);
            if (v >= 0) {
                bits = bits << 6 | v;
                if (++count == 4) {
                    emit(bits >> 16);
                    emit(bits >> 8);
                    emit(bits);
                    bits = 0;
                    count = 0;
                }
            } else if (c == '=') {
                flushQuantum();
            } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                stray = true;
            }
        }

        private void flushQuantum() throws IOException {
            if (count == 1) {
                cut = true; // a lone sextet carries no whole byte
            } else if (count == 2) {
                emit(bits >> 4);
            } else if (count == 3) {
                emit(bits >> 10);
                emit(bits >> 2);
            }
            bits = 0;
            count = 0;
        }

        @Override
        void end() throws IOException {
            if (count != 0) {
                cut |= count == 1;
                flushQuantum();
            }
        }

        @Override
        java.util.Optional<String> complaint() {
            return stray || cut ? java.util.Optional.of("broken base64 decoded as far as it goes")
                    : java.util.Optional.empty();
        }

        /** Each byte's value in the alphabet, -1 for the rest. */
        private static final int[] SEXTETS = new int[256];

        static {
            java.util.Arrays.fill(SEXTETS, -1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < alphabet.length(); i++) {
                SEXTETS[alphabet.charAt(i)] = i;
            }
        }

        private static int sextet(int c) {
            return c < SEXTETS.length ? SEXTETS[c] : -1;
        }
    }

    /**
     * Quoted-printable (RFC 2045 section 6.7): hard line breaks become CRLF, soft breaks ("=" at a line's end)
     * vanish, trailing blanks of a line are transport padding, and a bad escape is kept as written.
     */
    private static final class QuotedPrintableDecoder extends Decoder {
        /** Blanks are held back in case the line ends right after them; past this many they are text. */
        private static final int MAX_PENDING_BLANKS = 4096;

        private final byte[] blanks = new byte[MAX_PENDING_BLANKS];
        private int blankCount;
        private final byte[] afterEquals = new byte[MAX_PENDING_BLANKS];
        private int afterEqualsCount;
        private boolean carriageReturn;
        private boolean equals;
        private int firstHex = -1;
        private boolean bad;

        QuotedPrintableDecoder(OutputStream out) {
            super(out);
        }

        @Override
        void feed(int b) throws IOException {
            if (b == '\n') {
                carriageReturn = false;
                lineBreak();
                return;
            }
            if (carriageReturn) {
                carriageReturn = false;
                data('\r');
            }
            if (b == '\r') {
                carriageReturn = true;
            } else {
                data(b);
            }
        }

        private void lineBreak() throws IOException {
            blankCount = 0;
            if (equals && firstHex < 0) {
                afterEqualsCount = 0; // "=" (maybe padded with blanks) at the end: a soft line break
                equals = false;
                return;
            }
            if (equals) {
                badEscape();
            }
            emit('\r');
            emit('\n');
        }

        private void data(int b) throws IOException {
            if (equals) {
                escaped(b);
            } else if (b == ' ' || b == '\t') {
                if (blankCount == blanks.length) {
                    emit(blanks, blankCount);
                    blankCount = 0;
                }
                blanks[blankCount++] = (byte) b;
            } else {
                if (blankCount > 0) {
                    emit(blanks, blankCount);
                    blankCount = 0;
                }
                if (b == '=') {
                    equals = true;
                } else {
                    emit(b);
                }
            }
        }

        private void escaped(int b) throws IOException {
            if (firstHex < 0 && afterEqualsCount == 0 && Character.digit(b, 16) >= 0) {
                firstHex = b;
            } else if (firstHex >= 0 && Character.digit(b, 16) >= 0) {
                emit(Character.digit(firstHex, 16) * 16 + Character.digit(b, 16));
                equals = false;
                firstHex = -1;
            } else if (firstHex < 0 && (b == ' ' || b == '\t') && afterEqualsCount < afterEquals.length) {
                afterEquals[afterEqualsCount++] = (byte) b; // "=  " then a line break is still a soft break
            } else {
                badEscape();
                data(b);
            }
        }

        private void badEscape() throws IOException {
            emit('=');
            if (firstHex >= 0) {
                emit(firstHex);
            }
            emit(afterEquals, afterEqualsCount);
            afterEqualsCount = 0;
            equals = false;
            firstHex = -1;
            bad = true;
        }

        @Override
        void end() throws IOException {
            if (equals && (firstHex >= 0 || afterEqualsCount > 0)) {
                badEscape();
            } // a lone "=" at the very end is a soft break before nothing; trailing blanks are padding
            if (carriageReturn) {
                emit('\r');
            }
        }

        @Override
        java.util.Optional<String> complaint() {
            return bad ? java.util.Optional.of("broken quoted-printable escapes kept as written")
                    : java.util.Optional.empty();
        }
    }
}
