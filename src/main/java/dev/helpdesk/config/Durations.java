package dev.helpdesk.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the config's durations: a positive whole number and one unit, {@code s},
 * {@code m}, {@code h} or {@code d} ({@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}).
 */
public final class Durations {

    /** What a duration looks like, for messages that reject something else. */
    static final String EXPECTED = "a duration such as 90s, 10m, 2h or 1d";

    // Zero is excluded on purpose: no timeout, TTL or limit in this program means anything at zero.
    // Uppercase units are excluded because "M" reads as months to some people.
    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    private Durations() {}

    /**
     * Parses {@code "90s"}, {@code "10m"}, {@code "2h"} or {@code "1d"}.
     *
     * @throws IllegalArgumentException naming what was expected and what was given
     */
    public static Duration parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected " + EXPECTED + " (a whole number above zero and one unit s, m, h or d), got "
                            + Values.quote(text));
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * Formats in the largest unit that represents the duration exactly ({@code 600s} gives
     * {@code "10m"}, {@code 90s} stays {@code "90s"}), so {@link #parse} reads it back unchanged
     * for any positive whole number of seconds; fractions of a second are dropped.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
