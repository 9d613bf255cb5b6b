package dev.helpdesk.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bytes to text under a declared charset that may be missing, misspelt, mislabelled or unknown to Java.
 * Never fails: the worst case is windows-1252, which maps every byte to some character.
 */
final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Labels mail clients put on text that is really UTF-8 or windows-1252; decided from the bytes. */
    private static final Set<String> GUESSED = Set.of("", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-1",
            "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819", "windows-1252", "cp1252", "x-unknown", "unknown");

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

    private TextDecoding() {}

    static String decode(byte[] bytes, String declaredCharset) {
        String label = label(declaredCharset);
        if (GUESSED.contains(label)) {
            return utf8OrWindows1252(bytes);
        }
        return charset(label).map(cs -> new String(bytes, cs)).orElseGet(() -> utf8OrWindows1252(bytes));
    }

    /** The charset a label names, through {@link #ALIASES}; empty when Java has none. */
    static Optional<Charset> charset(String declaredCharset) {
        String label = label(declaredCharset);
        String name = ALIASES.getOrDefault(label, label);
        try {
            return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
        } catch (IllegalArgumentException badName) {
            return Optional.empty();
        }
    }

    /** Trimmed, unquoted, lower-case, without an RFC 2231 language suffix ({@code utf-8*en}). */
    private static String label(String declared) {
        if (declared == null) {
            return "";
        }
        String label = declared.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        int star = label.indexOf('*');
        return star >= 0 ? label.substring(0, star) : label;
    }

    static String utf8OrWindows1252(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    /** Base64 as senders really write it: stray characters ignored, padding optional or cut short. */
    static byte[] lenientBase64(byte[] encoded) {
        StringBuilder clean = new StringBuilder(encoded.length);
        for (byte b : encoded) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        if (clean.length() % 4 == 1) {
            clean.setLength(clean.length() - 1); // a lone trailing sextet carries no whole byte
        }
        return Base64.getDecoder().decode(clean.append("==", 0, (4 - clean.length() % 4) % 4).toString());
    }
}
