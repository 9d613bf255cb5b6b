package dev.helpdesk.ingest;

import java.util.Locale;
import java.util.Map;

/**
 * Turns a sender's attachment file name into display text that is harmless wherever it is shown or offered
 * for download: no directories, no control or direction-changing characters, no leading dots, no "..". It is
 * still never used as a path; attachments are stored by content hash.
 */
public final class FileNames {
    /** Longest display name, in characters (code points), extension included. */
    public static final int MAX_LENGTH = 200;

    private static final String FALLBACK = "attachment";
    private static final int MAX_EXTENSION = 16;
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("text/plain", ".txt"),
            Map.entry("text/html", ".html"),
            Map.entry("text/calendar", ".ics"),
            Map.entry("text/csv", ".csv"),
            Map.entry("text/rfc822-headers", ".txt"),
            Map.entry("message/rfc822", ".eml"),
            Map.entry("message/global", ".eml"),
            Map.entry("message/delivery-status", ".txt"),
            Map.entry("message/global-headers", ".txt"),
            Map.entry("image/png", ".png"),
            Map.entry("image/jpeg", ".jpg"),
            Map.entry("image/gif", ".gif"),
            Map.entry("image/webp", ".webp"),
            Map.entry("application/pdf", ".pdf"),
            Map.entry("application/zip", ".zip"),
            Map.entry("application/octet-stream", ".bin"),
            Map.entry("application/ms-tnef", ".dat"),
            Map.entry("application/pkcs7-signature", ".p7s"),
            Map.entry("application/x-pkcs7-signature", ".p7s"),
            Map.entry("application/pkcs7-mime", ".p7m"),
            Map.entry("application/x-pkcs7-mime", ".p7m"),
            Map.entry("application/pgp-signature", ".asc"),
            Map.entry("application/pgp-encrypted", ".asc"),
            Map.entry("application/pgp-keys", ".asc"));

    private FileNames() {
    }

    /** As {@link #displayName(String, String)} for a part of unknown type. */
    public static String displayName(String fileName) {
        return displayName(fileName, "application/octet-stream");
    }

    /**
     * The last segment after any {@code /} or {@code \}, without control, format (e.g. right-to-left override)
     * or line-separator characters, Windows-reserved characters replaced by "_", runs of dots made one, no
     * leading dots or blanks, no trailing dots or blanks, at most {@value #MAX_LENGTH} characters keeping a
     * short extension; "attachment" plus an extension for the content type when nothing is left.
     */
    public static String displayName(String fileName, String contentType) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(Math.min(name.length(), 4 * MAX_LENGTH));
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED && c >= 0xFFF0 || c == 0xFFFD) {
                return;
            }
            boolean blank = Character.isWhitespace(c) || Character.isSpaceChar(c);
            clean.appendCodePoint(":*?\"<>|".indexOf(c) >= 0 ? '_' : blank ? ' ' : c);
        });
        name = trimDotsAndBlanks(clean.toString().replaceAll("\\.{2,}", ".").replaceAll(" {2,}", " "));
        if (name.isEmpty()) {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            return FALLBACK + EXTENSIONS.getOrDefault(type, "");
        }
        return shortened(name);
    }

    /** Cut to {@link #MAX_LENGTH} code points, keeping an extension of up to 16 characters. */
    private static String shortened(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String base = name.substring(0, name.length() - extension.length());
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        base = trimDotsAndBlanks(base.substring(0, base.offsetByCodePoints(0, keep)));
        return base.isEmpty() ? FALLBACK + extension : base + extension;
    }

    /** Without leading or trailing dots and blanks (a loop: a regex would be quadratic on hostile names). */
    private static String trimDotsAndBlanks(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.substring(start, end);
    }
}
