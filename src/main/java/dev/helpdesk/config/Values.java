package dev.helpdesk.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** Converters from located JSON values to config values, and the wording messages share. */
final class Values {

    private static final int QUOTE_LIMIT = 60;

    private Values() {}

    /** The value as it might be written in JSON, shortened, for "got ..." in messages. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(QUOTE_LIMIT).forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        if (text.codePointCount(0, text.length()) > QUOTE_LIMIT) {
            out.append('…');
        }
        return out.append('"').toString();
    }

    /** What a node holds, value included: {@code "abc"}, {@code 993}, {@code an object}. */
    static String describe(Node node) {
        if (node instanceof Node.Value v) {
            return v.kind() == Node.Value.Kind.STRING ? quote(v.text()) : v.text();
        }
        return kind(node);
    }

    /** What a node holds, without its value: for places where a secret may have been written. */
    static String kind(Node node) {
        if (node instanceof Node.Obj) {
            return "an object";
        }
        if (node instanceof Node.Arr) {
            return "a list";
        }
        return switch (((Node.Value) node).kind()) {
            case STRING -> "a string";
            case INTEGER, DECIMAL -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
        };
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A string node passed through {@code parse}, which may throw with its own wording. */
    static <T> Function<Node, T> string(String expected, Function<String, T> parse) {
        return node -> {
            if (node instanceof Node.Value v && v.kind() == Node.Value.Kind.STRING) {
                return parse.apply(v.text());
            }
            throw new IllegalArgumentException("expected " + expected + ", got " + describe(node));
        };
    }

    static Function<Node, String> string(String expected) {
        return string(expected, Function.identity());
    }

    static Function<Node, Integer> wholeNumber(int min, int max, String expected) {
        return node -> {
            if (node instanceof Node.Value v && v.kind() == Node.Value.Kind.INTEGER) {
                BigInteger n = new BigInteger(v.text());
                if (n.compareTo(BigInteger.valueOf(min)) >= 0
                        && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                    return n.intValue();
                }
            }
            throw new IllegalArgumentException("expected " + expected + ", got " + describe(node));
        };
    }

    static Function<Node, Duration> duration() {
        return string(Durations.EXPECTED, Durations::parse);
    }

    static Function<Node, Long> size() {
        return string(ByteSizes.EXPECTED, ByteSizes::parse);
    }

    /**
     * A path from the file, relative ones taken from the config file's directory so the config
     * means the same whatever directory cron starts in. {@code echo} is false where the text may
     * be a secret written in the wrong place.
     */
    static Path localPath(Path configFile, String text, String expected, boolean echo) {
        String got = echo ? quote(text) : "something else";
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected " + expected + ", got an empty string");
        }
        if (text.startsWith("~")) {
            throw new IllegalArgumentException("expected " + expected + ", got " + got
                    + "; \"~\" is not expanded here, write the full path");
        }
        try {
            Path base = configFile.toAbsolutePath().getParent();
            return base.resolve(Path.of(text)).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("expected " + expected + ", got " + got, e);
        }
    }
}
