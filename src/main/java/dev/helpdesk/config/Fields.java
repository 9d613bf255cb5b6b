package dev.helpdesk.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One JSON object of the config seen through its allowed keys: typed access whose every failure
 * becomes a {@link ConfigException} naming the file, the line and the key's path.
 */
final class Fields {

    private final Path file;
    private final Node.Obj obj;
    private final String path;

    private Fields(Path file, Node.Obj obj, String path) {
        this.file = file;
        this.obj = obj;
        this.path = path;
    }

    /**
     * Requires {@code node} to be an object holding only {@code allowed} keys; an unknown key is
     * reported before anything else because a misspelt key explains most later errors.
     */
    static Fields object(Path file, Node node, String path, String expected, List<String> allowed) {
        if (!(node instanceof Node.Obj obj)) {
            throw ConfigException.at(file, node.line(), path,
                    "expected " + expected + ", got " + Values.kind(node));
        }
        for (Node.Member member : obj.members().values()) {
            if (!allowed.contains(member.key())) {
                throw ConfigException.at(file, member.line(), Values.child(path, member.key()),
                        "unknown key" + KeyHints.suggestion(member.key(), allowed)
                                + " (keys allowed here: " + String.join(", ", allowed) + ")");
            }
        }
        return new Fields(file, obj, path);
    }

    String path() {
        return path;
    }

    String path(String key) {
        return Values.child(path, key);
    }

    /** The line the object starts on, for problems that belong to the object as a whole. */
    int line() {
        return obj.line();
    }

    Optional<Node.Member> member(String key) {
        return Optional.ofNullable(obj.members().get(key));
    }

    <T> Optional<T> optional(String key, Function<Node, T> convert) {
        return member(key).map(m -> get(m, convert));
    }

    /** A key that must be present; {@code what} completes "expected ..." when it is missing. */
    <T> T required(String key, String what, Function<Node, T> convert) {
        Node.Member m = member(key).orElseThrow(() -> fail(line(), path(key),
                "required key is missing; expected " + what));
        return get(m, convert);
    }

    /** Converts a member's value; an {@link IllegalArgumentException} names what was expected. */
    <T> T get(Node.Member member, Function<Node, T> convert) {
        return at(member.value().line(), path(member.key()), () -> convert.apply(member.value()));
    }

    /** A list whose elements are converted one by one, each failure pointing at its element. */
    <T> List<T> list(Node.Member member, String expected, Function<Node, T> convert) {
        String listPath = path(member.key());
        if (!(member.value() instanceof Node.Arr arr)) {
            throw fail(member.value().line(), listPath,
                    "expected " + expected + ", got " + Values.describe(member.value()));
        }
        List<T> out = new ArrayList<>();
        for (Node item : arr.items()) {
            out.add(at(item.line(), Values.index(listPath, out.size()), () -> convert.apply(item)));
        }
        return out;
    }

    /** Runs a check or a constructor, turning its rejection into a located message. */
    <T> T at(int line, String where, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw fail(line, where, e.getMessage());
        }
    }

    ConfigException fail(int line, String where, String problem) {
        return ConfigException.at(file, line, where, problem);
    }

    ConfigException fail(Node.Member member, String problem) {
        return fail(member.line(), path(member.key()), problem);
    }
}
