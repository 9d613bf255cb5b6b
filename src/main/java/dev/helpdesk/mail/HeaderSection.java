package dev.helpdesk.mail;

/** Looks at the header section of raw bytes without decoding them, to tell a mail message from other bytes. */
final class HeaderSection {
    private HeaderSection() {}

    /**
     * Whether some line before the first empty line is a header field: a name of printable ASCII other than
     * colon, optional blanks (obsolete syntax), then a colon.
     */
    static boolean hasField(byte[] raw) {
        int start = 0;
        while (start < raw.length) {
            int newline = start;
            while (newline < raw.length && raw[newline] != '\n') {
                newline++;
            }
            int end = newline > start && raw[newline - 1] == '\r' ? newline - 1 : newline;
            if (end == start) {
                return false; // the empty line that ends the header section
            }
            if (isField(raw, start, end)) {
                return true;
            }
            start = newline + 1;
        }
        return false;
    }

    private static boolean isField(byte[] raw, int start, int end) {
        int i = start;
        while (i < end && raw[i] >= 0x21 && raw[i] <= 0x7E && raw[i] != ':') {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < end && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        return i < end && raw[i] == ':';
    }
}
