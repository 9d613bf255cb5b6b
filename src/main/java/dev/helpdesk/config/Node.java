package dev.helpdesk.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value together with the line it starts on, so that every config error, including
 * those found only after the whole file is read, can point at its line.
 */
sealed interface Node permits Node.Obj, Node.Arr, Node.Value {

    int line();

    /** A key of an object, with the line the key itself is on. */
    record Member(String key, int line, Node value) {}

    /** Members keep file order, so the first unknown key reported is the first one written. */
    record Obj(int line, Map<String, Member> members) implements Node {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    record Arr(int line, List<Node> items) implements Node {
        public Arr {
            items = List.copyOf(items);
        }
    }

    /** A scalar; {@code text} is the string's content or the number as written. */
    record Value(int line, Kind kind, String text) implements Node {
        enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }
    }
}
