package dev.helpdesk.mail;

/** Tells a header field line from other bytes without decoding them. */
final class HeaderSection {
    private HeaderSection() {}

    /**
     * Whether bytes {@code start} to {@code end} are a header field line: a name of printable ASCII other than
     * colon, optional blanks (obsolete syntax), then a colon.
     */
    static boolean isField(byte[] raw, int start, int end) {
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
