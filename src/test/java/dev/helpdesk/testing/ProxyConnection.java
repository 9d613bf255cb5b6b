package dev.helpdesk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection through a {@link FaultProxy}: a pump each way, the client's commands recognised (so a
 * tagged response can be tied to the UIDs it answers), and the faults of this connection's scopes resolved.
 */
final class ProxyConnection {
    private static final Pattern UID_FETCH = Pattern.compile("UID FETCH (\\S+) (.*)", Pattern.CASE_INSENSITIVE);
    /** The whole message, as the drain fetches it: {@code BODY.PEEK[]}, also in partial pieces {@code <0.1048576>}. */
    private static final Pattern WHOLE_BODY = Pattern.compile("BODY(\\.PEEK)?\\[\\]", Pattern.CASE_INSENSITIVE);

    /** A command whose tagged response is still to come; {@code refused} are the UIDs it is to be refused for. */
    record Pending(String tag, Set<Long> refused, String refusal) {}

    private final FaultProxy proxy;
    private final int number;
    private final Socket client;
    private final Socket server;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** The tag of an AUTHENTICATE or IDLE in progress: until it completes, client lines are data, not commands. */
    private volatile String continuing;
    private volatile boolean closed;

    ProxyConnection(FaultProxy proxy, int number, Socket client, Socket server) {
        this.proxy = proxy;
        this.number = number;
        this.client = client;
        this.server = server;
    }

    void start() throws IOException {
        // Without TCP_NODELAY, a small tagged line after a literal waits for a delayed ACK (40 ms a round trip).
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        ImapInput fromClient = new ImapInput(client.getInputStream());
        OutputStream toServer = server.getOutputStream();
        ServerResponses responses = new ServerResponses(new ImapInput(server.getInputStream()),
                new PacedOutput(client.getOutputStream(), this), this);
        thread("client-to-server", () -> commands(fromClient, toServer));
        thread("server-to-client", responses::run);
    }

    /**
     * Client to server, unchanged, a line (or literal) at a time. Each command is registered before its last
     * byte is forwarded, so its tagged response can never arrive first.
     */
    private void commands(ImapInput in, OutputStream out) {
        try {
            for (byte[] line; (line = in.readLine()) != null; ) {
                StringBuilder command = new StringBuilder();
                long literal;
                while ((literal = ImapInput.literalLength(line)) >= 0) {
                    // APPEND or LOGIN with literals: the text keeps only the {n} marker, never the literal's bytes.
                    command.append(withoutLineEnd(line));
                    forward(out, line);
                    if (in.copy(literal, (b, off, len) -> forward(out, b, off, len)) < literal
                            || (line = in.readLine()) == null) {
                        return;
                    }
                }
                command.append(withoutLineEnd(line));
                String refused = recognise(command.toString());
                // A refused command never reaches the server: a NOOP under its tag gets the tagged answer to rewrite.
                forward(out, refused == null ? line
                        : (refused + " NOOP\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        } catch (IOException gone) {
            // Either side closed, or a fault cut the connection: nothing more to pass on.
        } finally {
            close();
        }
    }

    /** Registers the command; returns its tag when the command is to be refused without reaching the server. */
    private String recognise(String line) {
        if (continuing != null) {
            return null; // an AUTHENTICATE response or IDLE's DONE
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String tag = line.substring(0, space);
        String command = line.substring(space + 1);
        proxy.saw(number, command);
        String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        if (verb.equals("AUTHENTICATE") || verb.equals("IDLE")) {
            continuing = tag;
        }
        Set<Long> refused = new LinkedHashSet<>();
        String refusal = null;
        Matcher fetch = UID_FETCH.matcher(command);
        if (fetch.matches() && WHOLE_BODY.matcher(fetch.group(2)).find()) {
            for (ProxyFaults scope : scopes()) {
                for (var fault : scope.bodies().entrySet()) {
                    if (fault.getValue() instanceof ProxyFaults.Refuse refuse && !refused.contains(fault.getKey())
                            && inSet(fetch.group(1), fault.getKey()) && refuse.take()) {
                        refused.add(fault.getKey());
                        refusal = refusal == null ? refuse.text() : refusal;
                    }
                }
            }
        }
        String refusedCommand = null;
        for (ProxyFaults scope : scopes()) {
            refusedCommand = refusedCommand != null ? refusedCommand : scope.commandRefusal(command);
        }
        if (refusedCommand != null) {
            pending.put(tag, new Pending(tag, Set.of(), refusedCommand));
            return tag;
        }
        pending.put(tag, new Pending(tag, refused, refusal));
        return null;
    }

    /** The command this tagged response completes, if the client sent one under that tag. */
    Pending completed(String tag) {
        if (tag.equals(continuing)) {
            continuing = null;
        }
        return pending.remove(tag);
    }

    /** True when a command in flight is to be refused for this UID, so its body response must vanish. */
    boolean refusing(long uid) {
        return pending.values().stream().anyMatch(p -> p.refused().contains(uid));
    }

    /** True when a FETCH response may need rewriting, so it is held until its UID is known. */
    boolean mayRewriteBodies() {
        return scopes().stream().anyMatch(ProxyFaults::hasBodyFaults)
                || pending.values().stream().anyMatch(p -> !p.refused().isEmpty());
    }

    /** The body fault for this UID: this connection's own scope first, then every connection's. */
    ProxyFaults.BodyFault bodyFault(long uid) {
        for (ProxyFaults scope : scopes()) {
            ProxyFaults.BodyFault fault = scope.body(uid);
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    int bytesPerSecond() {
        ProxyFaults own = proxy.ownScope(number);
        return own != null && own.bytesPerSecond() > 0 ? own.bytesPerSecond()
                : proxy.everyConnection().bytesPerSecond();
    }

    long stallAfter() {
        ProxyFaults own = proxy.ownScope(number);
        return own != null && own.stallAfter() >= 0 ? own.stallAfter() : proxy.everyConnection().stallAfter();
    }

    long cutAfter() {
        ProxyFaults own = proxy.ownScope(number);
        return own != null && own.cutAfter() >= 0 ? own.cutAfter() : proxy.everyConnection().cutAfter();
    }

    void forwardedToClient(int bytes) {
        proxy.forwardedToClient(bytes);
    }

    void awaitRelease() throws IOException {
        proxy.awaitRelease(this);
    }

    boolean closed() {
        return closed;
    }

    /** Closes both sockets: the other pump's blocking read or write then fails and it ends too. */
    void close() {
        closed = true;
        closeQuietly(client);
        closeQuietly(server);
        proxy.ended(this);
    }

    /** This connection's own scope first, so its faults win over those of every connection. */
    private List<ProxyFaults> scopes() {
        ProxyFaults own = proxy.ownScope(number);
        return own == null ? List.of(proxy.everyConnection()) : List.of(own, proxy.everyConnection());
    }

    private void forward(OutputStream out, byte[] bytes) throws IOException {
        forward(out, bytes, 0, bytes.length);
    }

    private void forward(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        proxy.forwardedToServer(length);
    }

    /** Whether {@code uid} is in an IMAP sequence set such as {@code 1:3,7,9:*} ({@code *} taken as unbounded). */
    static boolean inSet(String set, long uid) {
        for (String range : set.split(",")) {
            String[] ends = range.split(":", 2);
            long a = bound(ends[0]);
            long b = ends.length == 2 ? bound(ends[1]) : a;
            if (Math.min(a, b) <= uid && uid <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    private static long bound(String end) {
        try {
            return end.equals("*") ? Long.MAX_VALUE : Long.parseLong(end);
        } catch (NumberFormatException notASet) {
            return -1; // "$" (SEARCHRES) or garbage: matches nothing
        }
    }

    private static String withoutLineEnd(byte[] line) {
        String text = text(line);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
    }

    private static void thread(String name, Runnable body) {
        Thread thread = new Thread(body, "fault-proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
