package dev.helpdesk.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON with comments into {@link Node}s that remember their lines, using Jackson's
 * streaming parser; the only class that sees Jackson, and no Jackson exception leaves it.
 */
final class NodeParser {

    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** Parses one whole document; {@code file} only names it in messages. */
    Node parse(Path file, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            return new Run(file, parser).document();
        } catch (IOException e) {
            // Reading a String cannot fail for I/O reasons; Run turns every parse error into ours.
            throw new UncheckedIOException(e);
        }
    }

    /** One parse: remembers the path being read, so a syntax error can say where it is. */
    private static final class Run {
        private final Path file;
        private final JsonParser parser;
        private String where = "";

        Run(Path file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
        }

        Node document() throws IOException {
            try {
                if (parser.nextToken() == null) {
                    throw ConfigException.at(file, 1, "", "the file holds no JSON; expected an object such"
                            + " as {\"mailboxes\": [...]} (`helpdesk init` writes a commented example)");
                }
                Node root = value("");
                if (parser.nextToken() != null) {
                    throw ConfigException.at(file, line(), "", "unexpected content after the end of the"
                            + " top-level JSON value");
                }
                return root;
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
        }

        private Node value(String path) throws IOException {
            where = path;
            int line = line();
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT:
                    return object(path, line);
                case START_ARRAY:
                    List<Node> items = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(value(Values.index(path, items.size())));
                        where = path;
                    }
                    return new Node.Arr(line, items);
                case VALUE_STRING:
                    return new Node.Value(line, Node.Value.Kind.STRING, parser.getText());
                case VALUE_NUMBER_INT:
                    return new Node.Value(line, Node.Value.Kind.INTEGER, parser.getText());
                case VALUE_NUMBER_FLOAT:
                    return new Node.Value(line, Node.Value.Kind.DECIMAL, parser.getText());
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return new Node.Value(line, Node.Value.Kind.BOOLEAN, parser.getText());
                case VALUE_NULL:
                    return new Node.Value(line, Node.Value.Kind.NULL, "null");
                default:
                    throw ConfigException.at(file, line, path, "malformed JSON: unexpected " + token);
            }
        }

        private Node object(String path, int line) throws IOException {
            Map<String, Node.Member> members = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line();
                String child = Values.child(path, key);
                Node.Member earlier = members.get(key);
                // Jackson would keep the last value silently; two values for one key is a mistake.
                if (earlier != null) {
                    throw ConfigException.at(file, keyLine, child, "this key appears twice in the same"
                            + " object (first on line " + earlier.line() + "); keep one");
                }
                where = child;
                parser.nextToken();
                members.put(key, new Node.Member(key, keyLine, value(child)));
                where = path;
            }
            return new Node.Obj(line, members);
        }

        private int line() {
            return parser.currentTokenLocation().getLineNr();
        }

        private ConfigException malformed(JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            int line = location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
            return ConfigException.at(file, line, where, "malformed JSON: " + detail(e));
        }

        // Jackson quotes the offending token, which next to a secret's key may be the secret.
        // Jackson reads a value while still on its key, so the key it last read counts as well.
        private String detail(JsonProcessingException e) {
            String lastKey = String.valueOf(parser.getParsingContext().getCurrentName());
            for (String segment : (where + "." + lastKey).toLowerCase(Locale.ROOT).split("[.\\[]")) {
                if (segment.contains("pass") || segment.contains("secret")) {
                    return "the details are not shown because a secret's reference belongs here;"
                            + " expected {\"env\": \"VAR\"} or {\"file\": \"/path\"}";
                }
            }
            String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            // "[Source: REDACTED ...; line: 1, column: 1]" says no more than "line 1".
            return message.replaceAll(
                    "\\s*\\[Source: [^\\]]*; line: (\\d+), column: \\d+\\]", " line $1");
        }
    }
}
