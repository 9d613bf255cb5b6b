package dev.helpdesk.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a declared charset label names: a Java charset (through the supersets senders mean), UTF-7, or UTF-8
 * mistyped. Answers in time linear in the label, also for labels Java has never heard of.
 */
final class CharsetLabels {
    /** Supersets that decode what senders actually write under the narrower label. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("unicode-1-1-utf-8", "UTF-8"),
            Map.entry("gb2312", "GB18030"),
            Map.entry("gb_2312-80", "GB18030"),
            Map.entry("csgb2312", "GB18030"),
            Map.entry("gbk", "GB18030"),
            Map.entry("x-gbk", "GB18030"),
            Map.entry("cp936", "GB18030"),
            Map.entry("euc-kr", "x-windows-949"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("ks_c_5601", "x-windows-949"),
            Map.entry("shift_jis", "windows-31j"),
            Map.entry("shift-jis", "windows-31j"),
            Map.entry("sjis", "windows-31j"),
            Map.entry("x-sjis", "windows-31j"),
            Map.entry("iso-2022-jp", "x-windows-iso2022jp"),
            Map.entry("iso-8859-8-i", "ISO-8859-8"),
            Map.entry("big5", "Big5-HKSCS"));

    /** Java has no UTF-7; {@link Utf7} decodes it. */
    private static final Set<String> UTF7 = Set.of("utf-7", "unicode-1-1-utf-7", "csunicode11utf7",
            "x-unicode-2-0-utf-7");

    /** Most mail is in these; they are found without building {@link Installed}. */
    private static final Map<String, Charset> COMMON = Map.of(
            "utf-8", StandardCharsets.UTF_8,
            "us-ascii", StandardCharsets.US_ASCII,
            "iso-8859-1", StandardCharsets.ISO_8859_1,
            "windows-1252", Charset.forName("windows-1252"),
            "utf-16", StandardCharsets.UTF_16);

    private CharsetLabels() {}

    /** Trimmed, unquoted, lower-case, without an RFC 2231 language suffix ({@code utf-8*en}). */
    static String label(String declared) {
        if (declared == null) {
            return "";
        }
        String label = declared.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        int star = label.indexOf('*');
        return star >= 0 ? label.substring(0, star) : label;
    }

    /** The charset a label names, through {@link #ALIASES}; empty when Java has none. */
    static Optional<Charset> charset(String declaredCharset) {
        String label = label(declaredCharset);
        String name = ALIASES.getOrDefault(label, label).toLowerCase(Locale.ROOT);
        Charset common = COMMON.get(name);
        return common != null ? Optional.of(common) : Optional.ofNullable(Installed.BY_NAME.get(name));
    }

    /** Whether a label from {@link #label} names UTF-7. */
    static boolean isUtf7(String label) {
        return UTF7.contains(label);
    }

    /**
     * Whether a label is UTF-8 mistyped: one keystroke away from "utf8" once all but letters and digits are
     * gone ({@code uft-8}, {@code utf8}, {@code utf_8}, {@code x-utf8}, {@code utf-8"} with a stray quote).
     * Keeping the "8" leaves out utf-7, utf-16 and a bare "utf", which could be any of them.
     */
    static boolean misspeltUtf8(String declared) {
        if (declared == null || declared.length() > 40) {
            return false; // no typo is that long
        }
        String exact = declared.strip().toLowerCase(Locale.ROOT);
        boolean quoted = exact.length() >= 2 && (exact.charAt(0) == '"' || exact.charAt(0) == '\'')
                && exact.charAt(exact.length() - 1) == exact.charAt(0);
        exact = quoted ? exact.substring(1, exact.length() - 1) : exact;
        int star = exact.indexOf('*');
        if ((star >= 0 ? exact.substring(0, star) : exact).equals("utf-8")) {
            return false;
        }
        StringBuilder compact = new StringBuilder();
        for (int i = 0; i < exact.length(); i++) {
            char c = exact.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                compact.append(c);
            }
        }
        return compact.indexOf("8") >= 0 && oneEditAway(compact.toString(), "utf8");
    }

    /** Equal, or one insertion, deletion, substitution or swap of neighbours apart. */
    private static boolean oneEditAway(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == a.length() || i == b.length()) {
            return true; // equal, or one character added at the end
        }
        return a.substring(i + 1).equals(b.substring(i + 1)) // substituted
                || a.substring(i).equals(b.substring(i + 1)) // deleted from a
                || a.substring(i + 1).equals(b.substring(i)) // inserted into a
                || i + 1 < a.length() && i + 1 < b.length() && a.charAt(i) == b.charAt(i + 1)
                        && a.charAt(i + 1) == b.charAt(i) && a.substring(i + 2).equals(b.substring(i + 2));
    }

    /**
     * Every charset Java has, by lower-case name and alias. Asking {@link Charset#isSupported} about a name
     * Java does not know scans the class path for charset providers each time (0.1 ms); a subject of 20,000
     * encoded-words with made-up charsets took 2 s. Built on first use (about 0.1 s), then a map lookup.
     */
    private static final class Installed {
        static final Map<String, Charset> BY_NAME = byName();

        private static Map<String, Charset> byName() {
            Map<String, Charset> byName = new HashMap<>();
            for (Charset charset : Charset.availableCharsets().values()) {
                byName.put(charset.name().toLowerCase(Locale.ROOT), charset);
                for (String alias : charset.aliases()) {
                    byName.putIfAbsent(alias.toLowerCase(Locale.ROOT), charset);
                }
            }
            return Map.copyOf(byName);
        }
    }
}
