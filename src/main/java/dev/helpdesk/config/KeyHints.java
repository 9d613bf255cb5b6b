package dev.helpdesk.config;

import java.util.List;
import java.util.Locale;

/** Suggests the allowed key an unknown key was probably meant to be ("pasword" to "password"). */
final class KeyHints {

    private KeyHints() {}

    /** {@code "; did you mean \"password\"?"}, or nothing when no allowed key is close. */
    static String suggestion(String unknown, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Two edits catch typos and swapped letters without proposing unrelated short keys.
        int tolerance = Math.min(2, unknown.length() / 3);
        return best != null && bestDistance <= tolerance ? "; did you mean \"" + best + "\"?" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
