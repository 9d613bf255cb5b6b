package dev.helpdesk.mail;

/**
 * A lenient UTF-7 decoder (RFC 2152), which Java lacks. Text is direct ASCII, and "+" starts a run of modified
 * base64 that carries UTF-16 code units and ends at the first character outside base64 ("-" ending a run is
 * dropped; "+-" is "+"). Broken input is decoded as far as it goes and flagged, never rejected.
 */
final class Utf7 {
    private final StringBuilder out;
    private boolean broken;
    private char high; // a high surrogate waiting for its low half, which may come in the next run

    private Utf7(int capacity) {
        out = new StringBuilder(capacity);
    }

    /** The text, and whether something had to be forgiven (a lost character shows as U+FFFD). */
    record Decoded(String text, boolean broken) {}

    static Decoded decode(byte[] bytes) {
        Utf7 decoder = new Utf7(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b == '+' && i + 1 < bytes.length && bytes[i + 1] == '-') {
                decoder.direct('+');
                i += 2;
            } else if (b == '+') {
                i = decoder.run(bytes, i + 1);
            } else {
                decoder.direct(b < 0x80 ? (char) b : '\uFFFD'); // 8-bit bytes have no place in UTF-7
                decoder.broken |= b >= 0x80;
                i++;
            }
        }
        decoder.loseHigh();
        return new Decoded(decoder.out.toString(), decoder.broken);
    }

    /** Decodes the base64 run that starts at {@code start}, after its "+"; returns where direct text goes on. */
    private int run(byte[] bytes, int start) {
        int bits = 0;
        int bitCount = 0;
        int i = start;
        int sextet;
        while (i < bytes.length && (sextet = sextet(bytes[i])) >= 0) {
            bits = (bits << 6 | sextet) & 0x3FFFFF; // never more than 21 bits pending
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                unit((char) (bits >>> bitCount));
            }
            i++;
        }
        boolean dash = i < bytes.length && bytes[i] == '-';
        if (i == start && !dash) {
            direct('+'); // "1 + 1": a plus that should have been written "+-"
            broken = true;
            return i;
        }
        // A run ends with fewer than 6 padding bits, all zero; anything else is part of a unit that was cut.
        broken |= bitCount >= 6 || (bits & ((1 << bitCount) - 1)) != 0;
        return dash ? i + 1 : i;
    }

    private void unit(char c) {
        if (high != 0 && Character.isLowSurrogate(c)) {
            out.append(high).append(c);
            high = 0;
            return;
        }
        loseHigh();
        if (Character.isHighSurrogate(c)) {
            high = c;
        } else if (Character.isLowSurrogate(c)) {
            out.append('\uFFFD');
            broken = true;
        } else {
            out.append(c);
        }
    }

    private void direct(char c) {
        loseHigh();
        out.append(c);
    }

    /** A high surrogate followed by anything but its low half stands for a character that was lost. */
    private void loseHigh() {
        if (high != 0) {
            out.append('\uFFFD');
            high = 0;
            broken = true;
        }
    }

    private static int sextet(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        } else if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        } else if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        } else if (b == '+') {
            return 62;
        } else if (b == '/') {
            return 63;
        }
        return -1;
    }
}
