package dev.helpdesk.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Quoted-printable (RFC 2045 section 6.7): hard line breaks become CRLF, soft breaks ("=" at a line's end)
 * vanish, trailing blanks of a line are transport padding, and a bad escape is kept as written.
 */
final class QuotedPrintableDecoder extends ByteDecoder {
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
    Optional<String> complaint() {
        return bad ? Optional.of("broken quoted-printable escapes kept as written")
                : Optional.empty();
    }
}
