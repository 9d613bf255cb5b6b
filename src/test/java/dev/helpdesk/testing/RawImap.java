package dev.helpdesk.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IMAP client on a raw socket that shows exactly what came over the wire: each untagged response as text with
 * its literals beside it, and the tagged line. Written apart from the proxy's parser, so it can check it.
 */
public final class RawImap implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}\\r\\n$");
    private static final Pattern UID = Pattern.compile("\\(.*?\\bUID (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY = Pattern.compile("BODY\\[\\](<\\d+>)? ?\\{\\d+\\}\\r\\n$",
            Pattern.CASE_INSENSITIVE);

    /** One response: its lines (each but the last ends in a literal's "{n}"), and the literals in order. */
    public record Response(List<String> lines, List<byte[]> literals) {
        /** The response as text, each literal shown by its "{n}" only. */
        public String text() {
            return String.join("", lines);
        }

        /** The first "UID n" after "(" in the text, or -1: enough for test messages, not for quoted strings. */
        public long uid() {
            Matcher m = UID.matcher(text());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    /** What one command got: the untagged responses before its tagged line, and that line without CRLF. */
    public record Reply(List<Response> untagged, String tagged) {
        public boolean ok() {
            return tagged.split(" ", 3)[1].equals("OK");
        }

        /** The FETCH responses by UID. */
        public Map<Long, Response> fetches() {
            Map<Long, Response> byUid = new LinkedHashMap<>();
            untagged.stream().filter(r -> r.text().matches("(?is)\\* \\d+ FETCH .*"))
                    .forEach(r -> byUid.put(r.uid(), r));
            return byUid;
        }

        /** The BODY[] literal (whole or a partial piece) of each FETCH response that has one, by UID. */
        public Map<Long, byte[]> bodies() {
            Map<Long, byte[]> bodies = new LinkedHashMap<>();
            for (Response r : untagged) {
                for (int i = 0; i < r.literals().size(); i++) {
                    if (BODY.matcher(r.lines().get(i)).find()) {
                        bodies.put(r.uid(), r.literals().get(i));
                    }
                }
            }
            return bodies;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private int tags;

    public RawImap(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        greeting = read().text();
    }

    public String greeting() {
        return greeting;
    }

    /** Sets how long a read may wait, to see a stalled proxy as a timeout. */
    public RawImap timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    public Reply login(String user, String password) throws IOException {
        return require(command("LOGIN \"" + user + "\" \"" + password + "\""));
    }

    public Reply select(String folder) throws IOException {
        return require(command("SELECT \"" + folder + "\""));
    }

    /** Sends one command under a fresh tag and reads up to its tagged response. */
    public Reply command(String command) throws IOException {
        String tag = "t" + ++tags;
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<Response> untagged = new ArrayList<>();
        while (true) {
            Response response = read();
            if (response.text().startsWith(tag + " ")) {
                return new Reply(untagged, response.text().strip());
            }
            untagged.add(response);
        }
    }

    private static Reply require(Reply reply) {
        if (!reply.ok()) {
            throw new AssertionError("server refused: " + reply.tagged());
        }
        return reply;
    }

    private Response read() throws IOException {
        List<String> lines = new ArrayList<>();
        List<byte[]> literals = new ArrayList<>();
        while (true) {
            String line = line();
            lines.add(line);
            Matcher literal = LITERAL.matcher(line);
            if (!literal.find()) {
                return new Response(lines, literals);
            }
            byte[] bytes = in.readNBytes(Integer.parseInt(literal.group(1)));
            if (bytes.length < Integer.parseInt(literal.group(1))) {
                throw new EOFException("connection closed after " + bytes.length + " bytes of a literal of "
                        + literal.group(1));
            }
            literals.add(bytes);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new EOFException("connection closed; last partial line: " + line.toString(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
