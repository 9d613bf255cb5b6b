package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.lock.HostIdentity;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender's and a server's escape sequences, carriage returns and bidi overrides, through a real
 * fetch into the store and out of every reading command: shown as escapes, never sent raw.
 */
class HostileTextTest {
    private static final String ESC = "\u001B";
    private static final String LINK = ESC + "]8;;http://evil.example/" + ESC + "\\click" + ESC + "]8;;" + ESC + "\\";
    private static final String SUBJECT = "Invoice " + ESC + "[2J" + LINK
            + "\r\n#2  open  support  Fake row \u202Efdp.exe";
    private static final String NAME = "Mallory " + ESC + "[8mhidden" + ESC + "[0m\u202E";
    private static final String BODY = "Hello,\r\n" + ESC + "[2J" + ESC + "[Hcleared\rfake line\r\n"
            + "\u009B31mred\u2066x\u2069\r\n";
    private static final String ATTACHMENT = "report\u202Efdp.exe" + ESC + "[1m";

    @TempDir
    Path dir;

    private FetchHarness harness;
    private HostileImapServer evil;

    @BeforeEach
    void fetchAHostileMessageAndAHostileServer() throws Exception {
        harness = new FetchHarness(dir);
        evil = new HostileImapServer("[AUTHENTICATIONFAILED] " + ESC + "[2J" + LINK + "\rrejected\u0085\u009B0m");
        harness.writeRaw("""
                {
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "support", "addresses": ["support@example.com"],
                      "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } },
                    { "name": "evil", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "someone", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(harness.dataDir(), harness.server().port(), DemoMailServer.USER,
                FetchHarness.PASSWORD_ENV, evil.port(), FetchHarness.PASSWORD_ENV));
        harness.server().user().deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(hostileMessage())));
        CliRun fetch = harness.run("fetch");
        assertHarmless(fetch);
        assertTrue(fetch.out().contains("support: 1 new"), fetch.toString());
        assertTrue(fetch.err().contains(
                "rejected: [AUTHENTICATIONFAILED] \\x1B[2J\\x1B]8;;http://evil.example/\\x1B\\click"),
                "the server's words, escaped: " + fetch);
        assertTrue(fetch.err().contains("\\rrejected\\x85\\x9B0m"), fetch.toString());
    }

    @AfterEach
    void stop() throws IOException {
        harness.close();
        evil.close();
    }

    @Test
    void anEscapeLadenSubjectIsRenderedHarmlessInTheList() {
        CliRun list = harness.run("conversations", "list");
        assertEquals(0, list.code(), list.toString());
        assertHarmless(list);
        assertTrue(list.out().contains("Invoice \\x1B[2J\\x1B]8;;http://evil.example/\\x1B\\click\\x1B]8;;\\x1B\\"
                + "\\r\\n#2  open  support  Fake row \\u202Efdp.exe"), list.out());
        assertTrue(list.out().contains("Mallory \\x1B[8mhidden\\x1B[0m\\u202E <mallory@example.org>"), list.out());
        assertEquals(2, list.out().lines().count(), "one conversation, two rows, no fake one: " + list.out());
    }

    @Test
    void showEscapesSubjectSenderAndBody() {
        CliRun show = harness.run("conversations", "show", "1");
        assertEquals(0, show.code(), show.toString());
        assertHarmless(show);
        String out = show.out();
        assertTrue(out.contains("#1  Invoice \\x1B[2J"), out);
        assertTrue(out.contains("── Mallory \\x1B[8mhidden\\x1B[0m\\u202E <mallory@example.org>"), out);
        assertTrue(out.contains("   Subject: Invoice \\x1B[2J"), out);
        assertTrue(out.contains("   Hello,\n"), out);
        assertTrue(out.contains("\\x9B31mred\\u2066x\\u2069"), out);
        assertTrue(out.contains("   \\x1B[2J\\x1B[Hcleared\\rfake line\n"), "a lone CR is shown, not obeyed: " + out);
        // The ingest cleans attachment names itself; whatever it keeps reaches the terminal escaped (assertHarmless).
        assertTrue(out.contains("[attachment] report"), out);
    }

    @Test
    void jsonKeepsTheExactTextAsJsonEscapes() throws Exception {
        CliRun json = harness.run("conversations", "show", "1", "--json");
        assertHarmless(json);
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(SUBJECT, root.get("subject").asText());
        assertEquals(NAME, root.get("messages").get(0).get("fromName").asText());
    }

    @Test
    void quarantineShowsAHostileErrorAndHeaderSectionEscaped() {
        byte[] raw = ("X-Evil: " + ESC + "[2J" + LINK + "\rforged: header\r\nSubject: \u009B31m\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Store store = harness.openStore()) {
            store.inTransaction(tx -> {
                tx.blobs().put("sha", raw.length, () -> new java.io.ByteArrayInputStream(raw));
                return tx.quarantine().add("support", "INBOX" + ESC + "[2J", 7, "sha", raw.length,
                        "the MIME structure cannot be read: boundary \"" + ESC + "]8;;http://evil" + ESC + "\\\"\r\nfake",
                        Instant.now());
            });
        }
        CliRun list = harness.run("quarantine", "list");
        assertHarmless(list);
        assertTrue(list.out().contains("#1  support/INBOX\\x1B[2J UID 7"), list.out());
        assertTrue(list.out().contains("boundary \"\\x1B]8;;http://evil\\x1B\\\"\\r\\nfake"), list.out());

        CliRun show = harness.run("quarantine", "show", "1");
        assertHarmless(show);
        assertTrue(show.out().contains("    X-Evil: \\x1B[2J\\x1B]8;;http://evil.example/\\x1B\\click"), show.out());
        assertTrue(show.out().contains("\\rforged: header\n    Subject: \\x9B31m\n"), show.out());
    }

    @Test
    void statusAndLockShowEscapeTheServersErrorAndTheLockHolder() {
        try (Store store = harness.openStore()) {
            new Locks(store, Clock.systemUTC(), holder -> true, new ProcessIdentity(999_999_999L,
                    new HostIdentity("host" + ESC + "[2J", Optional.empty()), OptionalLong.empty(), Optional.empty(),
                    "helpdesk fetch " + LINK + "\r\nfake"))
                    .acquire(Fetch.lockName("evil"), Duration.ofMinutes(10));
        }
        CliRun status = harness.run("status");
        assertHarmless(status);
        assertTrue(status.out().contains("rejected: [AUTHENTICATIONFAILED] \\x1B[2J\\x1B]8;;http://evil.example/"),
                status.out());
        assertTrue(status.out().contains("on host\\x1B[2J (helpdesk fetch \\x1B]8;;"), status.out());
        assertTrue(status.out().contains("\\r\\nfake"), status.out());

        CliRun locks = harness.run("lock", "show");
        assertHarmless(locks);
        assertTrue(locks.out().contains("PID 999999999 on host\\x1B[2J"), locks.out());
        assertTrue(locks.out().contains("  command     helpdesk fetch \\x1B]8;;http://evil.example/\\x1B\\click"
                + "\\x1B]8;;\\x1B\\\\r\\nfake\n"), locks.out());
    }

    /** No character a terminal would act on, written out here rather than borrowed from SafeText. */
    private static void assertHarmless(CliRun run) {
        for (String stream : new String[] {run.out(), run.err()}) {
            for (int i = 0; i < stream.length(); i++) {
                char c = stream.charAt(i);
                boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F);
                boolean bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                        || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
                if (control || bidi) {
                    fail(String.format("raw U+%04X at %d in%n%s", (int) c, i, run));
                }
            }
        }
    }

    private static byte[] hostileMessage() {
        return ("From: " + encoded(NAME) + " <mallory@example.org>\r\n"
                + "To: support@example.com\r\n"
                + "Subject: " + encoded(SUBJECT) + "\r\n"
                + "Message-ID: <hostile@example.org>\r\n"
                + "Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64(BODY) + "\r\n"
                + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\""
                + encoded(ATTACHMENT) + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64("%PDF-1.4")
                + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String encoded(String text) {
        return "=?UTF-8?B?" + base64(text) + "?=";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Just enough IMAP to refuse every login with {@code reason}, the way a hostile or broken server might. */
    private static final class HostileImapServer implements AutoCloseable {
        private final ServerSocket socket;

        HostileImapServer(String reason) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread serve = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        converse(client, reason);
                    } catch (IOException closed) {
                        // the test is over, or the client hung up
                    }
                }
            }, "hostile-imap");
            serve.setDaemon(true);
            serve.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private static void converse(Socket client, String reason) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            send(out, "* OK [CAPABILITY IMAP4rev1] ready\r\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.split(" ", 3);
                String tag = words[0];
                String command = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
                switch (command) {
                    case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n");
                    case "LOGIN" -> send(out, tag + " NO " + reason + "\r\n");
                    case "LOGOUT" -> {
                        send(out, "* BYE\r\n" + tag + " OK bye\r\n");
                        return;
                    }
                    default -> send(out, tag + " BAD unknown\r\n");
                }
            }
        }

        private static void send(OutputStream out, String text) throws IOException {
            // One byte per character: Angus reads a response as Latin-1, so a raw 0x9B byte arrives as U+009B.
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
