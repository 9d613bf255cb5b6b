package dev.helpdesk.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte sizes such as {@code 200MB}: a positive whole number and a unit
 * {@code B}, {@code KB}, {@code MB} or {@code GB} (any letter case, an optional space between).
 *
 * <p>KB, MB and GB are binary: powers of 1024, the way mail servers and mail clients report
 * message sizes, so {@code 25MB} is 26,214,400 bytes. {@code KiB}, {@code MiB} and {@code GiB}
 * are accepted as the same units for people who prefer to say so.
 */
public final class ByteSizes {

    /** What a size looks like, for messages that reject something else. */
    static final String EXPECTED = "a size such as 200MB, 25MB or 512KB";

    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;
    private static final Pattern SHAPE =
            Pattern.compile("([1-9][0-9]{0,15}) ?(B|KB|MB|GB|KIB|MIB|GIB)");

    private ByteSizes() {}

    /**
     * Parses {@code "200MB"}, {@code "25 MB"}, {@code "512KiB"} or {@code "4096B"} into bytes.
     *
     * @throws IllegalArgumentException naming what was expected and what was given
     */
    public static long parse(String text) {
        Matcher m = SHAPE.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected " + EXPECTED + " (a whole number above zero and a unit B, KB, MB or GB), got "
                            + Values.quote(text));
        }
        long amount = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "B" -> 1;
            case "KB", "KIB" -> KB;
            case "MB", "MIB" -> MB;
            default -> GB;
        };
        try {
            return Math.multiplyExact(amount, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got " + Values.quote(text)
                    + ", which is too large", e);
        }
    }

    /**
     * Formats in the largest unit that represents the size exactly ({@code 209715200} gives
     * {@code "200MB"}, {@code 1536} gives {@code "1536B"}), so {@link #parse} reads it back
     * unchanged.
     *
     * @throws IllegalArgumentException for a negative size
     */
    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size: " + bytes);
        }
        if (bytes != 0 && bytes % GB == 0) {
            return bytes / GB + "GB";
        }
        if (bytes != 0 && bytes % MB == 0) {
            return bytes / MB + "MB";
        }
        if (bytes != 0 && bytes % KB == 0) {
            return bytes / KB + "KB";
        }
        return bytes + "B";
    }
}
