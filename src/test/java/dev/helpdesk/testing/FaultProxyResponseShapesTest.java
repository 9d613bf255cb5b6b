package dev.helpdesk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy reads response shapes neither GreenMail nor Dovecot sends, from a server that answers with canned text. */
class FaultProxyResponseShapesTest {
    private static final String UID_LAST = "* 1 FETCH (BODY[] {5}\r\nfirst UID 1)\r\n"
            + "* 2 FETCH (FLAGS (\\Seen) BODY[] {6}\r\nsecond UID 2)\r\n";

    @Test
    void findsTheUidAfterTheBody() throws Exception {
        try (CannedServer server = new CannedServer(UID_LAST); FaultProxy proxy = FaultProxy.to(server.port())) {
            proxy.nilBody(2);
            assertEquals(List.of("* 1 FETCH (BODY[] {5}\r\n UID 1)\r\n",
                    "* 2 FETCH (FLAGS (\\Seen) BODY[] NIL UID 2)\r\n"), texts(fetch(proxy)));
            proxy.noBodyItem(2);
            assertEquals("* 2 FETCH (FLAGS (\\Seen) UID 2)\r\n", texts(fetch(proxy)).get(1));
            proxy.refuseBody(1, "gone");
            RawImap.Reply refused = fetch(proxy);
            assertEquals("t1 NO gone", refused.tagged());
            assertEquals(List.of("* 2 FETCH (FLAGS (\\Seen) UID 2)\r\n"), texts(refused));
        }
    }

    @Test
    void removesABodyThatOpensTheItemList() throws Exception {
        try (CannedServer server = new CannedServer("* 3 FETCH (BODY[]<0>{5}\r\nthird UID 3)\r\n");
                FaultProxy proxy = FaultProxy.to(server.port())) {
            proxy.noBodyItem(3);
            assertEquals(List.of("* 3 FETCH (UID 3)\r\n"), texts(fetch(proxy)));
        }
    }

    @Test
    void aUidInsideAStringIsNotTheMessagesUid() throws Exception {
        String envelope = "* 2 FETCH (ENVELOPE (NIL \"UID 1 \\\" (x\" NIL) UID 2 BODY[] {6}\r\nsecond)\r\n";
        try (CannedServer server = new CannedServer(envelope); FaultProxy proxy = FaultProxy.to(server.port())) {
            proxy.nilBody(1);
            RawImap.Response two = fetch(proxy).untagged().get(0);
            assertTrue(two.text().endsWith("UID 2 BODY[] {6}\r\n)\r\n"), two.text());
            assertEquals("second", new String(two.literals().get(0), StandardCharsets.US_ASCII));
        }
    }

    private RawImap.Reply fetch(FaultProxy proxy) throws IOException {
        try (RawImap imap = new RawImap(proxy.port())) {
            return imap.command("UID FETCH 1:3 (UID BODY.PEEK[])");
        }
    }

    private List<String> texts(RawImap.Reply reply) {
        return reply.untagged().stream().map(RawImap.Response::text).toList();
    }

    /** A one-connection-at-a-time server that greets, answers every command with the same untagged text and OK. */
    static final class CannedServer implements AutoCloseable {
        private final ServerSocket socket;

        CannedServer(String untagged) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(untagged), "canned-imap");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(String untagged) {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    OutputStream out = client.getOutputStream();
                    out.write("* OK canned\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    for (String line; (line = in.readLine()) != null; ) {
                        String tag = line.split(" ", 2)[0];
                        out.write((untagged + tag + " OK done\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                } catch (IOException closed) {
                    // next connection, or the end
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
