package dev.helpdesk.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Quoted-printable (RFC 2045 section 6.7): hard line breaks become CRLF, soft breaks ("=" at a line's end)
 * vanish, trailing blanks of a line are transport padding, and a bad escape is kept as written.
 */
final class QuotedPrintableDecoder extends ByteDecoder {
    /** Blanks are held back in case the line ends right after them; past this many they are text. */
    private static final int MAX_PENDING_BLANKS = 4096;

    /** Grown as blanks come, up to {@value #MAX_PENDING_BLANKS}: most parts never hold more than a few. */
    private byte[] blanks = new byte[16];
    private int blankCount;
    private byte[] afterEquals = new byte[16];
    private int afterEqualsCount;
    private boolean carriageReturn;
    private boolean equals;
    private int firstHex = -1;
    private boolean bad;

    QuotedPrintableDecoder(OutputStream out, long encodedSize) {
        super(out, encodedSize);
    }

    /** Runs that decode to themselves are copied whole; the rest, and any byte after a pending one, one by one. */
    @Override
    void feed(byte[] bytes, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int run = equals || carriageReturn || blankCount > 0 ? i : plainRun(bytes, i, end);
            if (run == i) {
                feed(bytes[i++] & 0xFF);
            } else {
                emit(bytes, i, run - i);
                i = run;
            }
        }
    }

    /** Where the text from {@code from} stops being its own decoding: at "=", a line break, or blanks before one. */
    private static int plainRun(byte[] bytes, int from, int end) {
        int kept = from;
        for (int i = from; i < end; i++) {
            int b = bytes[i];
            if (b == '=' || b == '\r' || b == '\n') {
                break;
            }
            if (b != ' ' && b != '\t') {
                kept = i + 1; // blanks count only once something other than a line's end follows them
            }
        }
        return kept;
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
            if (blankCount == MAX_PENDING_BLANKS) {
                emit(blanks, 0, blankCount);
                blankCount = 0;
            } else if (blankCount == blanks.length) {
                blanks = Arrays.copyOf(blanks, blanks.length * 2);
            }
            blanks[blankCount++] = (byte) b;
        } else {
            if (blankCount > 0) {
                emit(blanks, 0, blankCount);
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
        } else if (firstHex < 0 && (b == ' ' || b == '\t') && afterEqualsCount < MAX_PENDING_BLANKS) {
            if (afterEqualsCount == afterEquals.length) {
                afterEquals = Arrays.copyOf(afterEquals, afterEquals.length * 2);
            }
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
        emit(afterEquals, 0, afterEqualsCount);
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
    Optional<String> complaint() {
        return bad ? Optional.of("broken quoted-printable escapes kept as written")
                : Optional.empty();
    }
}
