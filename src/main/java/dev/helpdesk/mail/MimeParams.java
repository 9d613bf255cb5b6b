package dev.helpdesk.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of a Content-Type or Content-Disposition value, read leniently: quoted or not, unterminated
 * quotes, blanks around "=", and RFC 2231 extended values ({@code filename*=UTF-8''%E2%82%AC.pdf}) with
 * continuations ({@code filename*0*=...; filename*1=...}), also when a multi-byte character is split across
 * two of them. An extended value wins over a plain one of the same name.
 */
final class MimeParams {
    private final Map<String, String> values;

    private MimeParams(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param value a header value already unfolded and with 8-bit bytes decoded; null reads as no parameters
     * @param notes where charset fallbacks of RFC 2231 values are noted
     */
    static MimeParams parse(String value, DecodeNotes notes) {
        Map<String, String> plain = new HashMap<>();
        Map<String, TreeMap<Integer, Segment>> extended = new HashMap<>();
        if (value != null) {
            int i = value.indexOf(';');
            while (i >= 0 && i < value.length()) {
                i = parameter(value, i + 1, plain, extended);
            }
        }
        Map<String, String> values = new HashMap<>(plain);
        extended.forEach((name, segments) -> values.put(name, join(segments, notes)));
        return new MimeParams(values);
    }

    /** A parameter's value; names compare case-insensitively. */
    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    private record Segment(String text, boolean encoded) {
    }

    /** Reads one {@code name=value} from {@code start}; returns the index of the next ";" or -1 at the end. */
    private static int parameter(String value, int start, Map<String, String> plain,
            Map<String, TreeMap<Integer, Segment>> extended) {
        int semicolon = value.indexOf(';', start);
        int eq = start;
        int end = semicolon < 0 ? value.length() : semicolon;
        while (eq < end && value.charAt(eq) != '=') {
            eq++; // only up to the ";": a long run of stray words must not be scanned again and again
        }
        if (eq == end) {
            return semicolon; // a stray word without "=": skip it
        }
        String name = value.substring(start, eq).strip().toLowerCase(Locale.ROOT);
        int i = eq + 1;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        String text;
        int next;
        if (i < value.length() && value.charAt(i) == '"') {
            StringBuilder quoted = new StringBuilder();
            int j = i + 1;
            while (j < value.length() && value.charAt(j) != '"') {
                char c = value.charAt(j);
                if (c == '\\' && j + 1 < value.length()) {
                    c = value.charAt(++j);
                }
                quoted.append(c);
                j++;
            }
            text = quoted.toString();
            next = value.indexOf(';', Math.min(j + 1, value.length())); // -1 when unterminated: the rest was it
        } else {
            next = value.indexOf(';', i);
            text = value.substring(i, next < 0 ? value.length() : next).strip();
        }
        if (!name.isEmpty()) {
            store(name, text, plain, extended);
        }
        return next;
    }

    private static void store(String name, String text, Map<String, String> plain,
            Map<String, TreeMap<Integer, Segment>> extended) {
        int star = name.indexOf('*');
        if (star < 0) {
            plain.putIfAbsent(name, text);
            return;
        }
        String base = name.substring(0, star);
        String rest = name.substring(star + 1); // "", "0", "0*", "1" ...
        boolean encoded = rest.isEmpty() || rest.endsWith("*");
        String digits = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
        int index;
        try {
            index = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return;
        }
        if (index < 0 || index > 999) {
            return;
        }
        extended.computeIfAbsent(base, b -> new TreeMap<>()).putIfAbsent(index, new Segment(text, encoded));
    }

    /** Joins continuations; encoded runs are percent-decoded to bytes and read in the first segment's charset. */
    private static String join(TreeMap<Integer, Segment> segments, DecodeNotes notes) {
        String charset = null;
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        boolean first = true;
        for (Segment segment : segments.values()) {
            String text = segment.text();
            if (segment.encoded()) {
                if (first) {
                    int q1 = text.indexOf('\'');
                    int q2 = q1 < 0 ? -1 : text.indexOf('\'', q1 + 1);
                    if (q2 >= 0) {
                        charset = text.substring(0, q1);
                        text = text.substring(q2 + 1);
                    }
                }
                run.writeBytes(percentDecoded(text));
            } else {
                flush(out, run, charset, notes);
                out.append(text);
            }
            first = false;
        }
        flush(out, run, charset, notes);
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream run, String charset, DecodeNotes notes) {
        if (run.size() > 0) {
            out.append(TextDecoding.decode(run.toByteArray(), charset == null || charset.isBlank() ? null : charset,
                    notes));
            run.reset();
        }
    }

    private static byte[] percentDecoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // not allowed here; a sender that put raw text in an extended value meant that text
                int cp = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }
}
