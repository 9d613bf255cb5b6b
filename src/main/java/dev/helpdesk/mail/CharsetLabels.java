package dev.helpdesk.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a declared charset label names: a Java charset (through the supersets senders mean) or UTF-7. Answers
 * in time linear in the label, also for labels Java has never heard of.
 */
final class CharsetLabels {
    /** Supersets that decode what senders actually write under the narrower label. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("utf8", "UTF-8"),
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
