package dev.helpdesk.cli;

/**
 * Makes text from mail and servers harmless on a terminal by writing its control characters as
 * visible escapes, so a sender cannot clear the screen, hide text, plant hyperlinks or fake rows.
 *
 * <p>The one rule: every C0 control (U+0000–U+001F), DEL, every C1 control (U+0080–U+009F), the
 * bidi controls that reorder or hide text (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)
 * and the Unicode line and paragraph separators (U+2028, U+2029) are escaped. {@link #block} keeps
 * line feeds and tabs and reads CR LF as a line feed.
 *
 * <p>The notation is fixed-width, so an escape never runs into the text after it: {@code \t},
 * {@code \n}, {@code \r}, else {@code \xHH} below U+0100 and <code>&#92;uHHHH</code> above, in
 * upper-case hex (ESC is {@code \x1B}, the right-to-left override <code>&#92;u202E</code>). A
 * backslash is left alone, so text that literally says {@code \x1B} looks like an escaped ESC;
 * {@code --json} has the exact text. Doubling backslashes instead would garble every path in a
 * mail, and escaping would no longer be idempotent, which {@link TerminalWriter} relies on to pass
 * fields that are already escaped through unchanged.
 */
final class SafeText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SafeText() {
    }

    /** For a one-line field (subject, name, address, folder, an error quoting a server): no line breaks survive. */
    static String line(String s) {
        return escape(s, false);
    }

    /** For multi-line text (a body, a header section): LF and tab stay, CR LF becomes LF, a lone CR is escaped. */
    static String block(String s) {
        return escape(s, true);
    }

    /** Whether {@code c} is one the rule escapes anywhere (block text and the writer then spare LF and tab). */
    static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }

    private static String escape(String s, boolean keepBreaks) {
        int first = 0;
        while (first < s.length() && !changes(s.charAt(first), keepBreaks)) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        // Surrogates are never unsafe, so walking chars keeps every pair (emoji, CJK extensions) intact.
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!changes(c, keepBreaks)) {
                out.append(c);
            } else if (keepBreaks && c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                // CR LF is a line break, not a control: a CR the terminal would act on never gets through.
                out.append('\n');
                i++;
            } else {
                appendEscape(out, c);
            }
        }
        return out.toString();
    }

    private static boolean changes(char c, boolean keepBreaks) {
        return unsafe(c) && !(keepBreaks && (c == '\n' || c == '\t'));
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                if (c < 0x100) {
                    out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else {
                    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                            .append(HEX[c & 0xF]);
                }
            }
        }
    }
}
