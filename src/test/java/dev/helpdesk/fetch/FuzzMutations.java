package dev.helpdesk.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Seeded ways to break a valid message: every choice comes from the Random, so a seed replays a run. */
final class FuzzMutations {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";\\r\\n]+)\"?");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:[^\\r\\n]*\\r?\\n");
    private static final String[] CHARSETS = {"utf-8", "x-unknown", "iso-2022-jp", "shift_jis", "gb2312",
        "big5", "euc-kr", "windows-1251", "utf-16", "utf-7", "\"", "", "x\u0000y", "iso-8859-99", "UTF-8*en"};
    private static final String[] ENCODINGS = {"base64", "quoted-printable", "x-uuencode", "8bit", "binary",
        "BASE64 (comment)", "q", ""};
    static final List<String> KINDS = List.of("truncate", "random bytes", "insert bytes", "broken boundary",
            "huge header", "many headers", "deep multipart", "deep rfc822", "NULs", "overlong line",
            "no separator", "line ends", "splice", "encoded words", "charset label", "transfer encoding",
            "rfc2231 name", "exact copy");

    private final Random random;

    FuzzMutations(Random random) {
        this.random = random;
    }

    /** A mutation applied to a message, with what it did (for the failure report). */
    record Mutant(String kind, byte[] raw) {
    }

    /**
     * One to three mutations of {@code base}; most get a fresh Message-ID first (or lose theirs) so they are
     * stored rather than deduplicated and the whole ingest runs on them.
     */
    Mutant mutate(byte[] base, byte[] other, int serial) {
        byte[] raw = base;
        int roll = random.nextInt(10);
        if (roll < 6) {
            raw = replaceMessageId(raw, "Message-ID: <fuzz-" + serial + "@fuzz.example>\r\n");
        } else if (roll < 8) {
            raw = replaceMessageId(raw, "");
        }
        StringBuilder kinds = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String kind = KINDS.get(random.nextInt(KINDS.size()));
            kinds.append(i == 0 ? "" : " + ").append(kind);
            raw = apply(kind, raw, other);
        }
        return new Mutant(kinds.toString(), raw);
    }

    private byte[] apply(String kind, byte[] raw, byte[] other) {
        return switch (kind) {
            case "truncate" -> java.util.Arrays.copyOf(raw, raw.length == 0 ? 0 : random.nextInt(raw.length));
            case "random bytes" -> randomBytes(raw);
            case "insert bytes" -> insert(raw, random.nextInt(raw.length + 1), noise(1 + random.nextInt(64)));
            case "broken boundary" -> brokenBoundary(raw);
            case "huge header" -> withHeader(raw, "X-Huge: " + "a".repeat(10_000 + random.nextInt(190_000)));
            case "many headers" -> withHeader(raw, "X-Many: value\r\n".repeat(1 + random.nextInt(5_000)).strip());
            case "deep multipart" -> deepMultipart(raw, 20 + random.nextInt(180));
            case "deep rfc822" -> deepRfc822(raw, 20 + random.nextInt(60));
            case "NULs" -> nuls(raw);
            case "overlong line" -> insert(raw, bodyStart(raw), ("x".repeat(50_000 + random.nextInt(150_000))
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            case "no separator" -> latin1(latin1(raw).replaceFirst("\r?\n\r?\n", "\r\n"));
            case "line ends" -> latin1(latin1(raw).replace("\r\n", random.nextBoolean() ? "\n" : "\r"));
            case "splice" -> splice(raw, other);
            case "encoded words" -> latin1(latin1(raw).replaceFirst("(?im)^Subject:.*$",
                    Matcher.quoteReplacement("Subject: " + encodedWords())));
            case "charset label" -> latin1(latin1(raw).replaceAll("(?i)charset=\"?[^\";\\s]*\"?",
                    "charset=" + CHARSETS[random.nextInt(CHARSETS.length)]));
            case "transfer encoding" -> transferEncoding(raw);
            case "rfc2231 name" -> withHeader(raw, "Content-Disposition: attachment; filename*0*=" + charset()
                    + "''%" + hex() + "%" + hex() + "../..%2F" + "; filename*1=\"\\\\..\\\\x\"; filename*9999999999=q");
            case "exact copy" -> raw;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static byte[] replaceMessageId(byte[] raw, String replacement) {
        String text = latin1(raw);
        Matcher id = MESSAGE_ID.matcher(text);
        return id.find() ? latin1(id.replaceFirst(Matcher.quoteReplacement(replacement))) : raw;
    }

    private byte[] randomBytes(byte[] raw) {
        byte[] copy = raw.clone();
        int flips = 1 + random.nextInt(Math.max(1, copy.length / 50));
        for (int i = 0; i < flips && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] noise(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] brokenBoundary(byte[] raw) {
        String text = latin1(raw);
        Matcher m = BOUNDARY.matcher(text);
        if (!m.find()) {
            return latin1("Content-Type: multipart/mixed; boundary=" + (random.nextBoolean() ? "\"\"" : "b")
                    + "\r\n" + text + "\r\n--b\r\n");
        }
        String boundary = m.group(1);
        return latin1(switch (random.nextInt(5)) {
            case 0 -> text.replace("--" + boundary + "--", ""); // no closing delimiter
            case 1 -> text.replaceFirst(Pattern.quote("\n--" + boundary), "\n--" + boundary + "X"); // wrong first
            case 2 -> text.replace("boundary=", "boundary=\"" + "z".repeat(100) + "\";old="); // header lies
            case 3 -> text.replace("\n--" + boundary, "\n--" + boundary.substring(0, boundary.length() / 2));
            default -> text.replace("--" + boundary, "--" + boundary + "\r\n--" + boundary); // empty parts
        });
    }

    private byte[] deepMultipart(byte[] raw, int depth) {
        StringBuilder head = new StringBuilder("From: deep@example.com\r\nSubject: deep\r\n");
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            head.append("Content-Type: multipart/mixed; boundary=\"d").append(i).append("\"\r\n\r\n--d")
                    .append(i).append("\r\n");
            tail.insert(0, "\r\n--d" + i + "--\r\n");
        }
        return concat(latin1(head.toString()), raw, latin1(tail.toString()));
    }

    private byte[] deepRfc822(byte[] raw, int depth) {
        byte[] message = raw;
        for (int i = 0; i < depth; i++) {
            message = concat(latin1("From: wrap" + i + "@example.com\r\nSubject: wrap\r\nContent-Type: "
                    + (random.nextBoolean() ? "message/rfc822" : "multipart/mixed; boundary=w\r\n\r\n--w\r\n"
                            + "Content-Type: message/rfc822") + "\r\n\r\n"), message);
        }
        return message;
    }

    private byte[] nuls(byte[] raw) {
        byte[] copy = raw.clone();
        int count = 1 + random.nextInt(20);
        for (int i = 0; i < count && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = 0;
        }
        return copy;
    }

    private byte[] splice(byte[] raw, byte[] other) {
        int cut = raw.length == 0 ? 0 : random.nextInt(raw.length);
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        return concat(java.util.Arrays.copyOf(raw, cut), java.util.Arrays.copyOfRange(other, from, other.length));
    }

    private String encodedWords() {
        StringBuilder subject = new StringBuilder();
        int words = 1 + random.nextInt(6);
        for (int i = 0; i < words; i++) {
            subject.append(random.nextInt(4) == 0 ? "" : " ").append("=?").append(charset()).append('?')
                    .append(random.nextBoolean() ? 'B' : "qQb".charAt(random.nextInt(3))).append('?');
            for (int j = random.nextInt(20); j > 0; j--) {
                subject.append(random.nextBoolean() ? "=" + hex() : (char) (33 + random.nextInt(94)));
            }
            subject.append(random.nextInt(5) == 0 ? "" : "?=");
        }
        return subject.toString();
    }

    private byte[] transferEncoding(byte[] raw) {
        String encoding = ENCODINGS[random.nextInt(ENCODINGS.length)];
        String text = latin1(raw);
        return latin1(text.matches("(?is).*Content-Transfer-Encoding:.*")
                ? text.replaceAll("(?im)^Content-Transfer-Encoding:.*$", "Content-Transfer-Encoding: " + encoding)
                : "Content-Transfer-Encoding: " + encoding + "\r\n" + text);
    }

    private String charset() {
        return CHARSETS[random.nextInt(CHARSETS.length)].replace("\"", "");
    }

    private String hex() {
        return String.format("%02X", random.nextInt(256));
    }

    private static byte[] withHeader(byte[] raw, String header) {
        return concat(latin1(header + "\r\n"), raw);
    }

    private static int bodyStart(byte[] raw) {
        int at = latin1(raw).indexOf("\r\n\r\n");
        return at < 0 ? raw.length : at + 4;
    }

    private static byte[] insert(byte[] raw, int at, byte[] bytes) {
        return concat(java.util.Arrays.copyOf(raw, at), bytes, java.util.Arrays.copyOfRange(raw, at, raw.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String latin1(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
