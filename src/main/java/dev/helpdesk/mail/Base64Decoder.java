package dev.helpdesk.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Base64 as senders really write it: characters outside the alphabet skipped, "=" ending a quantum
 * wherever it stands (concatenated encodings), a quantum cut short decoded as far as it goes.
 */
final class Base64Decoder extends ByteDecoder {
    private int bits;
    private int count;
    private boolean stray;
    private boolean cut;

    Base64Decoder(OutputStream out, long encodedSize) {
        super(out, encodedSize);
    }

    /**
     * The common case in tight loops: between quanta, four alphabet characters at a time make three bytes; line
     * ends are skipped; anything else goes to feed(int).
     */
    @Override
    void feed(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            while (count == 0 && i + 4 <= end) {
                int quantum = SEXTETS[bytes[i] & 0xFF] << 18 | SEXTETS[bytes[i + 1] & 0xFF] << 12
                        | SEXTETS[bytes[i + 2] & 0xFF] << 6 | SEXTETS[bytes[i + 3] & 0xFF];
                if (quantum < 0) {
                    break; // one of the four is not in the alphabet (a line end, mostly): byte by byte
                }
                emit(quantum >> 16);
                emit(quantum >> 8);
                emit(quantum);
                i += 4;
            }
            if (i == end) {
                break;
            }
            int c = bytes[i] & 0xFF;
            int v = SEXTETS[c];
            if (v >= 0) {
                accept(v);
            } else if (c != '\r' && c != '\n') {
                feed(c);
            }
        }
    }

    @Override
    void feed(int c) throws IOException {
        int v = sextet(c);
        if (v >= 0) {
            accept(v);
        } else if (c == '=') {
            flushQuantum();
        } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
            stray = true;
        }
    }

    /** One sextet of the alphabet; the fourth of a quantum completes three bytes. */
    private void accept(int v) throws IOException {
        bits = bits << 6 | v;
        if (++count == 4) {
            emit(bits >> 16);
            emit(bits >> 8);
            emit(bits);
            bits = 0;
            count = 0;
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
    Optional<String> complaint() {
        return stray || cut ? Optional.of("broken base64 decoded as far as it goes")
                : Optional.empty();
    }

    /** Each byte's value in the alphabet, -1 for the rest. */
    private static final int[] SEXTETS = new int[256];

    static {
        Arrays.fill(SEXTETS, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = i;
        }
    }

    private static int sextet(int c) {
        return c < SEXTETS.length ? SEXTETS[c] : -1;
    }
}
