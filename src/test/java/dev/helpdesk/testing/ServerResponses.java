package dev.helpdesk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-to-client pump of a {@link ProxyConnection}: responses pass through as they arrive (literals in
 * pieces), except a FETCH response that a body fault may concern, which is held until its UID is known and then
 * rewritten. Only such a response is ever held whole in memory.
 */
final class ServerResponses {
    private static final Pattern FETCH = Pattern.compile("\\* \\d+ FETCH \\(", Pattern.CASE_INSENSITIVE);
    /**
     * A text part that ends where the whole message's literal starts: {@code BODY[] {n}}, a partial piece's
     * {@code BODY[]<1048576> {n}}, or GreenMail's spelling without the space, {@code BODY[]<0>{n}}.
     */
    private static final Pattern BODY_LITERAL = Pattern.compile("BODY\\[\\](?:<(\\d+)>)? ?(~?\\{\\d+\\})\\r?\\n\\z",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_NIL = Pattern.compile("BODY\\[\\](?:<\\d+>)? NIL", Pattern.CASE_INSENSITIVE);

    private final ImapInput in;
    private final PacedOutput out;
    private final ProxyConnection connection;

    ServerResponses(ImapInput in, PacedOutput out, ProxyConnection connection) {
        this.in = in;
        this.out = out;
        this.connection = connection;
    }

    void run() {
        try {
            for (byte[] line; (line = in.readLine()) != null; ) {
                respond(line);
            }
        } catch (IOException gone) {
            // Either side closed, or a fault cut the connection: nothing more to pass on.
        } finally {
            connection.close();
        }
    }

    private void respond(byte[] first) throws IOException {
        String text = ProxyConnection.text(first);
        if (FETCH.matcher(text).lookingAt() && connection.mayRewriteBodies()) {
            fetch(first);
            return;
        }
        byte[] line = text.startsWith("*") || text.startsWith("+") ? first : tagged(text, first);
        out.write(line);
        rest(line);
    }

    /** The rest of a response whose line has gone out: its literals and the lines after them, streamed. */
    private void rest(byte[] line) throws IOException {
        for (long n; (n = ImapInput.literalLength(line)) >= 0; ) {
            if (in.copy(n, out) < n || (line = in.readLine()) == null) {
                return;
            }
            out.write(line);
        }
    }

    /** A refused command's OK becomes the NO a server gives when it could not serve one of the messages. */
    private byte[] tagged(String text, byte[] line) {
        String[] words = text.split(" ", 3);
        ProxyConnection.Pending command = connection.completed(words[0]);
        if (command != null && command.refusal() != null && words.length > 1 && words[1].equalsIgnoreCase("OK")) {
            return (words[0] + " NO " + command.refusal() + "\r\n").getBytes(StandardCharsets.UTF_8);
        }
        return line;
    }

    /**
     * Holds a FETCH response as alternating text lines and literals. Servers put UID first (Dovecot, GreenMail),
     * so a message without faults is released at its first line and streamed; a UID after the body would keep
     * the whole response held, which is fine for test-sized messages.
     */
    private void fetch(byte[] first) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        FetchItems items = new FetchItems();
        byte[] line = first;
        while (true) {
            parts.add(line);
            items.feed(ProxyConnection.text(line));
            if (items.uid != null && !mustRewrite(items.uid)) {
                writeAll(parts);
                rest(line);
                return;
            }
            long n = ImapInput.literalLength(line);
            if (n < 0) {
                break;
            }
            byte[] literal = in.read(n);
            parts.add(literal);
            if (literal.length < n || (line = in.readLine()) == null) {
                writeAll(parts); // the server left mid-response: pass on what it sent, as a wire would
                return;
            }
        }
        if (items.uid == null) {
            writeAll(parts);
        } else {
            emit(parts, items.uid);
        }
    }

    private boolean mustRewrite(long uid) {
        ProxyFaults.BodyFault fault = connection.bodyFault(uid);
        return connection.refusing(uid) || fault != null && !(fault instanceof ProxyFaults.Refuse);
    }

    private void emit(List<byte[]> parts, long uid) throws IOException {
        int body = bodyText(parts);
        if (connection.refusing(uid)) {
            if (body < 0 && !hasNilBody(parts)) {
                writeAll(parts); // a flag update for that message, not its body
            }
            return;
        }
        ProxyFaults.BodyFault fault = connection.bodyFault(uid);
        if (body < 0 || fault == null) {
            writeAll(parts);
            return;
        }
        Matcher item = BODY_LITERAL.matcher(ProxyConnection.text(parts.get(body)));
        item.find();
        if (fault instanceof ProxyFaults.Nil) {
            writeAll(merge(parts, body, item.start(2), " NIL"));
        } else if (fault instanceof ProxyFaults.NoItem) {
            writeAll(merge(parts, body, item.start(), ""));
        } else if (fault instanceof ProxyFaults.Stall) {
            writeAll(parts.subList(0, body + 1));
            out.stallHere();
            writeAll(parts.subList(body + 1, parts.size()));
        } else if (fault instanceof ProxyFaults.Cut cut) {
            // Offsets count from the start of the message, so a cut lands in the right 1 MiB piece too.
            long origin = item.group(1) == null ? 0 : Long.parseLong(item.group(1));
            byte[] literal = parts.get(body + 1);
            long at = cut.afterBytes() - origin;
            if (at < 0 || at > literal.length) {
                writeAll(parts);
                return;
            }
            writeAll(parts.subList(0, body + 1));
            out.write(literal, 0, (int) at);
            out.cut();
        } else {
            writeAll(parts); // a refusal whose count is used up
        }
    }

    private static boolean hasNilBody(List<byte[]> parts) {
        for (int i = 0; i < parts.size(); i += 2) {
            if (BODY_NIL.matcher(ProxyConnection.text(parts.get(i))).find()) {
                return true;
            }
        }
        return false;
    }

    /** The index of the text part the whole message's literal follows, or -1. */
    private static int bodyText(List<byte[]> parts) {
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            if (BODY_LITERAL.matcher(ProxyConnection.text(parts.get(i))).find()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replaces the body literal with {@code replacement}: text part {@code at} is cut at {@code from} and joined
     * with the text after the literal. An item removed right after "(" takes the following space with it.
     */
    private static List<byte[]> merge(List<byte[]> parts, int at, int from, String replacement) {
        String before = ProxyConnection.text(parts.get(at)).substring(0, from).stripTrailing();
        String after = ProxyConnection.text(parts.get(at + 2));
        if (replacement.isEmpty() && before.endsWith("(")) {
            after = after.stripLeading();
        }
        List<byte[]> merged = new ArrayList<>(parts.subList(0, at));
        merged.add((before + replacement + after).getBytes(StandardCharsets.ISO_8859_1));
        merged.addAll(parts.subList(at + 3, parts.size()));
        return merged;
    }

    private void writeAll(List<byte[]> parts) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
        }
    }

    /**
     * Finds the UID item of a FETCH response in its text parts: an atom "UID" followed by a number at the top
     * level of the item list, so a "UID" inside a quoted string or an ENVELOPE never counts.
     */
    static final class FetchItems {
        private final StringBuilder atom = new StringBuilder();
        private int depth;
        private boolean quoted;
        private boolean escaped;
        private String previous;
        Long uid;

        void feed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        quoted = false;
                        previous = depth == 1 ? "\"" : previous;
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        end();
                        quoted = true;
                    }
                    case '(', ')' -> {
                        end();
                        depth += c == '(' ? 1 : -1;
                        previous = null;
                    }
                    case ' ', '\r', '\n' -> end();
                    default -> atom.append(c);
                }
            }
        }

        private void end() {
            if (atom.isEmpty()) {
                return;
            }
            String word = atom.toString();
            atom.setLength(0);
            if (depth == 1) {
                if (uid == null && "UID".equalsIgnoreCase(previous) && word.matches("\\d{1,10}")) {
                    uid = Long.parseLong(word);
                }
                previous = word;
            }
        }
    }
}
