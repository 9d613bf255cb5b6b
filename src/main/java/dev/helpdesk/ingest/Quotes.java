package dev.helpdesk.ingest;

import java.util.List;
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

    /** Whether the (stripped) line starts as a marker does: quoting, dashes, or one of {@link #MARK_WORDS}. */
    private static boolean mayMark(String line) {
        if (line.isEmpty()) {
            return false;
        }
        if (line.charAt(0) == '>' || line.charAt(0) == '-') {
            return true;
        }
        int end = 0;
        while (end < line.length() && end < 5 && Character.isLetter(line.charAt(end))) {
            end++;
        }
        return MARK_WORDS.contains(line.substring(0, end).toLowerCase(Locale.ROOT));
    }

    /** The text before the quoted history, trimmed; the whole text when nothing is marked. */
    public static String newText(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!mayMark(line)) {
                continue; // most lines: no pattern below can match, so none is tried
            }
            boolean outlookBlock = OUTLOOK_FROM.matcher(line).matches() && i + 1 < lines.size()
                    && OUTLOOK_SENT.matcher(lines.get(i + 1).strip()).matches();
            if (line.startsWith(">") || WROTE.matcher(line).matches() || ORIGINAL.matcher(line).matches()
                    || outlookBlock) {
                String before = String.join("\n", lines.subList(0, i)).strip();
                return before.isEmpty() ? text.strip() : before;
            }
        }
        return text.strip();
    }
}
