package dev.helpdesk.ingest;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells the new text of a reply from the history it quotes, where the history is marked: {@code >}
 * quoting, an "On ... wrote:" line, or Outlook's "-----Original Message-----" / "From: ... Sent:"
 * header block. Unmarked text is all new.
 */
public final class Quotes {
    // Each pattern is matched against one whole line, so a line costs one attempt; the bounded ".{0,200}" and
    // possessive runs keep that attempt linear in the line (checked on megabyte lines of blanks, dashes, "On").
    // German, Dutch and Scandinavian clients name the sender after the verb ("schrieb Alice <a@b>:").
    private static final Pattern WROTE = Pattern.compile(
            "^(On|Am|Le|El|Il|Op|Den|På)\\s.{0,200}"
                    + "(wrote|a écrit|escribió|ha scritto|(schrieb|schreef|skrev)(\\s[^:]{0,200})?)\\s*+:\\s*+$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL = Pattern.compile(
            "^-{2,}+\\s*+(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)"
                    + "\\s*+-{2,}+\\s*+$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^(From|Von|De):\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_SENT = Pattern.compile("^(Sent|Gesendet|Envoyé|Date):\\s.+",
            Pattern.CASE_INSENSITIVE);

    /** The first words of the markers above, lower case (the patterns ignore case). */
    private static final Set<String> MARK_WORDS = Set.of("on", "am", "le", "el", "il", "op", "den", "på", "from",
            "von", "de");

    private Quotes() {
    }

    /**
     * Whether the line from {@code start} to {@code end}, stripped, starts as a marker does: quoting, dashes, or
     * one of {@link #MARK_WORDS}. Most lines do not, and are passed over without a copy.
     */
    private static boolean mayMark(String text, int start, int end) {
        int first = start;
        while (first < end && Character.isWhitespace(text.charAt(first))) {
            first++;
        }
        if (first == end) {
            return false;
        }
        if (text.charAt(first) == '>' || text.charAt(first) == '-') {
            return true;
        }
        int wordEnd = first;
        while (wordEnd < end && wordEnd - first < 5 && Character.isLetter(text.charAt(wordEnd))) {
            wordEnd++;
        }
        return wordEnd - first >= 2 && wordEnd - first <= 4
                && MARK_WORDS.contains(text.substring(first, wordEnd).toLowerCase(Locale.ROOT));
    }

    /** Where the line starting at {@code start} ends: at its line break (LF, CR or CRLF), or the text's end. */
    private static int lineEnd(String text, int start) {
        int end = start;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** Where the line after the one ending at {@code end} starts. */
    private static int nextLine(String text, int end) {
        return end + (text.startsWith("\r\n", end) ? 2 : 1);
    }

    /** The text before the quoted history, trimmed, line breaks as LF; the whole text when nothing is marked. */
    public static String newText(String text) {
        for (int start = 0; start < text.length(); ) {
            int end = lineEnd(text, start);
            int next = nextLine(text, end);
            if (mayMark(text, start, end) && marks(text.substring(start, end).strip(), text, next)) {
                String before = text.substring(0, start);
                if (before.indexOf('\r') >= 0) {
                    before = before.replace("\r\n", "\n").replace('\r', '\n');
                }
                before = before.strip();
                return before.isEmpty() ? text.strip() : before;
            }
            start = next;
        }
        return text.strip();
    }

    /** Whether the stripped {@code line} starts the history; an Outlook block also needs the line from {@code next}. */
    private static boolean marks(String line, String text, int next) {
        // The line is stripped, so an "On ... wrote:" line ends with its colon and a dashed one with a dash: most
        // candidate lines ("On Monday we ...") are passed over without a regex attempt.
        if (line.startsWith(">") || line.endsWith(":") && WROTE.matcher(line).matches()
                || line.endsWith("-") && ORIGINAL.matcher(line).matches()) {
            return true;
        }
        return OUTLOOK_FROM.matcher(line).matches() && next < text.length()
                && OUTLOOK_SENT.matcher(text.substring(next, lineEnd(text, next)).strip()).matches();
    }
}
