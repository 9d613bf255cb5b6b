package dev.helpdesk.mail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bytes to text under a declared charset that may be missing, misspelt, mislabelled or unknown to Java.
 * Never fails: the worst case is windows-1252, which maps every byte to some character. Every time the
 * declared charset is not what the text was read as, a note says so.
 */
final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Labels mail clients put on text that is really UTF-8 or windows-1252; decided from the bytes. */
    private static final Set<String> GUESSED = Set.of("", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-1",
            "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819", "windows-1252", "cp1252");

    /** Labels whose text is windows-1252 unless the bytes say UTF-8: no note when read that way. */
    private static final Set<String> LATIN1 = Set.of("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",
            "cp819", "windows-1252", "cp1252");

    /** Japanese mail is often labelled with its neighbour's name; these are tried before giving up. */
    private static final Map<String, List<String>> SIBLINGS = Map.of(
            "x-windows-iso2022jp", List.of("windows-31j", "EUC-JP"),
            "windows-31j", List.of("EUC-JP"),
            "euc-jp", List.of("windows-31j"));

    private TextDecoding() {}

    /** As {@link #decode(byte[], String, DecodeNotes)}, for callers that keep no notes. */
    static String decode(byte[] bytes, String declaredCharset) {
        return decode(bytes, declaredCharset, new DecodeNotes());
    }

    /** The text of {@code bytes} under {@code declaredCharset} (null when none), noting any fallback. */
    static String decode(byte[] bytes, String declaredCharset, DecodeNotes notes) {
        String label = CharsetLabels.label(declaredCharset);
        if (CharsetLabels.misspeltUtf8(declaredCharset)) {
            notes.add("charset \"" + declaredCharset.strip() + "\" misspelt; read as UTF-8");
            return lenientUtf8(bytes, "utf-8", notes);
        }
        Optional<Charset> declared = CharsetLabels.charset(label);
        if (declared.isPresent() && declared.get().equals(StandardCharsets.UTF_8)) {
            return lenientUtf8(bytes, label, notes); // the common case first: nothing to guess
        }
        boolean ascii = isAscii(bytes);
        if (CharsetLabels.isUtf7(label)) {
            return utf7(bytes, label, ascii, notes);
        }
        if (GUESSED.contains(label)) {
            if (ascii) {
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            Optional<String> utf8 = strict(bytes, StandardCharsets.UTF_8);
            String readAs = utf8.isPresent() ? "UTF-8" : "windows-1252";
            if (label.isEmpty()) {
                notes.add("no charset declared for 8-bit text; read as " + readAs);
            } else if (utf8.isPresent() || !LATIN1.contains(label)) {
                notes.add("charset \"" + label + "\" does not fit the bytes; read as " + readAs);
            }
            return utf8.orElseGet(() -> new String(bytes, WINDOWS_1252));
        }
        if (declared.isEmpty()) {
            Optional<String> utf8 = strict(bytes, StandardCharsets.UTF_8);
            notes.add("charset \"" + label + "\" unknown; read as "
                    + (utf8.isPresent() || ascii ? "UTF-8" : "windows-1252"));
            return utf8.orElseGet(() -> new String(bytes, WINDOWS_1252));
        }
        Charset charset = declared.get();
        Optional<String> utf8 = ascii ? Optional.empty() : strict(bytes, StandardCharsets.UTF_8);
        // Legacy text that happens to be valid UTF-8 with multi-byte sequences is rare; for double-byte
        // charsets it takes a few characters before the chance is negligible.
        if (utf8.isPresent() && nonAscii(bytes) >= (singleByte(charset) ? 1 : 8)) {
            notes.add("charset \"" + label + "\" does not fit the bytes, which are UTF-8; read as UTF-8");
            return utf8.get();
        }
        Optional<String> text = strict(bytes, charset);
        if (text.isPresent()) {
            return text.get();
        }
        if (utf8.isPresent()) {
            notes.add("charset \"" + label + "\" does not fit the bytes, which are UTF-8; read as UTF-8");
            return utf8.get();
        }
        for (String sibling : SIBLINGS.getOrDefault(charset.name().toLowerCase(Locale.ROOT), List.of())) {
            Optional<String> other = strict(bytes, Charset.forName(sibling));
            if (other.isPresent()) {
                notes.add("charset \"" + label + "\" does not fit the bytes; read as " + sibling);
                return other.get();
            }
        }
        notes.add("bytes not valid in charset \"" + label + "\" replaced with \uFFFD");
        return replacing(bytes, charset);
    }

    /** UTF-7 unless the bytes are 8-bit UTF-8, which UTF-7 never is; a broken run is decoded as far as it goes. */
    private static String utf7(byte[] bytes, String label, boolean ascii, DecodeNotes notes) {
        Optional<String> utf8 = ascii ? Optional.empty() : strict(bytes, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            notes.add("charset \"" + label + "\" does not fit the bytes, which are UTF-8; read as UTF-8");
            return utf8.get();
        }
        Utf7.Decoded text = Utf7.decode(bytes);
        if (text.broken()) {
            notes.add("broken UTF-7 decoded as far as it goes");
        }
        return text.text();
    }

    /** UTF-8 as labelled; invalid bytes are replaced, or the whole text is windows-1252 when none is UTF-8. */
    private static String lenientUtf8(byte[] bytes, String label, DecodeNotes notes) {
        Optional<String> utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            return utf8.get();
        }
        String replaced = replacing(bytes, StandardCharsets.UTF_8);
        boolean someUtf8 = replaced.codePoints().anyMatch(c -> c > 0x7F && c != 0xFFFD);
        if (someUtf8) {
            notes.add("bytes not valid in charset \"" + label + "\" replaced with \uFFFD");
            return replaced;
        }
        notes.add("charset \"" + label + "\" does not fit the bytes; read as windows-1252");
        return new String(bytes, WINDOWS_1252);
    }

    static String utf8OrWindows1252(byte[] bytes) {
        return strict(bytes, StandardCharsets.UTF_8).orElseGet(() -> new String(bytes, WINDOWS_1252));
    }

    /** Whether {@link #utf8OrWindows1252} would read these bytes as UTF-8. */
    static boolean isUtf8(byte[] bytes) {
        return strict(bytes, StandardCharsets.UTF_8).isPresent();
    }

    private static Optional<String> strict(byte[] bytes, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            // The String constructor's decoder is faster (text decoding of 10,000 messages: 250-290 -> 140-150 ms
            // of CPU); it puts U+FFFD for every malformed sequence, so text without one was valid. Text with one
            // (maybe written as such) is checked below.
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                return Optional.of(text);
            }
            if (!holdsReplacementCharacter(bytes)) {
                return Optional.empty(); // every U+FFFD stands for a malformed sequence
            }
        }
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException | RuntimeException notThisCharset) {
            return Optional.empty(); // some JDK decoders throw runtime exceptions on hostile bytes
        }
    }

    /** Whether the bytes hold U+FFFD's own UTF-8 encoding, EF BF BD. */
    private static boolean holdsReplacementCharacter(byte[] bytes) {
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBF && bytes[i + 2] == (byte) 0xBD) {
                return true;
            }
        }
        return false;
    }

    private static String replacing(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException | RuntimeException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static boolean singleByte(Charset charset) {
        try {
            return charset.canEncode() && charset.newEncoder().maxBytesPerChar() <= 1.0f;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        return nonAscii(bytes) == 0;
    }

    private static int nonAscii(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b < 0) {
                count++;
            }
        }
        return count;
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
