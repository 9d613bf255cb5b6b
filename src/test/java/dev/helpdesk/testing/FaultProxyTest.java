package dev.helpdesk.testing;

import static dev.helpdesk.testing.SampleMessages.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Each fault of the proxy does what it says, seen on the wire by a raw client, in front of GreenMail and Dovecot. */
class FaultProxyTest {
    private static final String BULK = "UID FETCH 1:3 (UID RFC822.SIZE BODY.PEEK[])";

    /** The server behind the proxy: a login, and messages seeded into a folder in order (UIDs 1, 2, 3, ...). */
    interface Server {
        int port();

        String user();

        String password();

        void seed(String folder, byte[]... messages) throws Exception;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeforeGreenMail extends Cases {
        private GreenMail greenMail;

        @BeforeAll
        void start() {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
            greenMail.start();
            greenMail.setUser("support@example.com", "support@example.com", "pw");
        }

        @AfterAll
        void stop() {
            greenMail.stop();
        }

        @Override
        Server server() {
            return new Server() {
                public int port() {
                    return greenMail.getImap().getPort();
                }

                public String user() {
                    return "support@example.com";
                }

                public String password() {
                    return "pw";
                }

                public void seed(String folder, byte[]... messages) throws Exception {
                    try (PlainImapClient client = PlainImapClient.connect(port(), user(), password())) {
                        client.append(folder, messages);
                    }
                }
            };
        }
    }

    @Nested
    @Tag("process")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeforeDovecot extends Cases {
        private Dovecot dovecot;

        @BeforeAll
        void start(@TempDir Path scratch) {
            dovecot = Dovecot.in(scratch).start();
        }

        @AfterAll
        void stop() {
            dovecot.close();
        }

        @Override
        Server server() {
            return new Server() {
                public int port() {
                    return dovecot.port();
                }

                public String user() {
                    return dovecot.user();
                }

                public String password() {
                    return dovecot.password();
                }

                public void seed(String folder, byte[]... messages) {
                    dovecot.seed(folder, messages);
                }
            };
        }

        @Test
        void servesTheSeededBytesThroughTheProxy() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            Map<Long, byte[]> bodies = viaProxy(BULK).bodies();
            for (int i = 1; i <= 3; i++) {
                assertArrayEquals(seeded[i - 1], bodies.get((long) i));
            }
        }
    }

    /** The cases, run once per server. */
    abstract static class Cases {
        private static int folders;
        String folder;
        byte[][] seeded;
        FaultProxy proxy;

        abstract Server server();

        @BeforeEach
        void newProxy() {
            folder = "f" + ++folders;
            proxy = FaultProxy.to(server().port());
        }

        @AfterEach
        void closeProxy() {
            proxy.close();
        }

        @Test
        void refusedBodyVanishesFromABulkFetchWhichEndsInNo() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.refuseBody(2, FaultProxy.UNAVAILABLE);

            RawImap.Reply bulk = viaProxy(BULK);
            assertEquals(List.of(1L, 3L), List.copyOf(bulk.bodies().keySet()));
            assertFalse(bulk.fetches().containsKey(2L), bulk.untagged().toString());
            assertTrue(bulk.tagged().endsWith(" NO " + FaultProxy.UNAVAILABLE), bulk.tagged());
            Map<Long, byte[]> direct = direct(BULK).bodies();
            assertArrayEquals(direct.get(1L), bulk.bodies().get(1L));
            assertArrayEquals(direct.get(3L), bulk.bodies().get(3L));

            RawImap.Reply alone = viaProxy("UID FETCH 2 (UID BODY.PEEK[])");
            assertTrue(alone.tagged().contains(" NO "), "refused for ever: " + alone.tagged());
            assertTrue(alone.bodies().isEmpty());
            assertTrue(viaProxy("UID FETCH 2 (UID RFC822.SIZE)").ok(), "only body fetches are refused");
            assertTrue(proxy.commands().contains("UID FETCH 2 (UID BODY.PEEK[])"), proxy.commands().toString());
        }

        @Test
        void refusalsCanRunOut() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.refuseBody(2, "[UNAVAILABLE] try later", 1);

            assertTrue(viaProxy(BULK).tagged().endsWith("NO [UNAVAILABLE] try later"));
            RawImap.Reply again = viaProxy("UID FETCH 2 (UID BODY.PEEK[])");
            assertTrue(again.ok(), again.tagged());
            assertArrayEquals(direct("UID FETCH 2 (UID BODY.PEEK[])").bodies().get(2L), again.bodies().get(2L));
        }

        @Test
        void nilBodyKeepsTheOtherItems() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.nilBody(2);

            RawImap.Reply reply = viaProxy(BULK);
            assertTrue(reply.ok(), reply.tagged());
            RawImap.Response two = reply.fetches().get(2L);
            assertTrue(two.text().matches("(?s)\\* 2 FETCH \\(.*UID 2.*\\)\r\n"), two.text());
            assertTrue(two.text().contains("RFC822.SIZE "), two.text());
            assertTrue(two.text().contains("BODY[] NIL"), two.text());
            assertTrue(two.literals().isEmpty());
            assertEquals(List.of(1L, 3L), List.copyOf(reply.bodies().keySet()));

            RawImap.Response piece = viaProxy("UID FETCH 2 (UID BODY.PEEK[]<0.100>)").fetches().get(2L);
            assertTrue(piece.text().contains("BODY[]<0> NIL"), "partial responses too: " + piece.text());
        }

        @Test
        void noBodyItemKeepsUidAndSize() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.noBodyItem(2);

            RawImap.Reply reply = viaProxy(BULK);
            assertTrue(reply.ok(), reply.tagged());
            String two = reply.fetches().get(2L).text();
            assertTrue(two.matches("\\* 2 FETCH \\((UID 2 RFC822.SIZE \\d+|RFC822.SIZE \\d+ UID 2)\\)\r\n"), two);
            assertEquals(List.of(1L, 3L), List.copyOf(reply.bodies().keySet()));
        }

        @Test
        void onlyTheBodyOfAResponseWithSeveralLiteralsIsRewritten() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.nilBody(2);
            String command = "UID FETCH 2 (UID BODY.PEEK[HEADER] BODY.PEEK[])";

            RawImap.Response two = viaProxy(command).fetches().get(2L);
            assertTrue(two.text().contains("BODY[] NIL"), two.text());
            assertEquals(1, two.literals().size());
            // The header literal passes unchanged; servers differ in the order they send the two items.
            byte[] header = direct(command).fetches().get(2L).literals().stream()
                    .min(java.util.Comparator.comparingInt(b -> b.length)).orElseThrow();
            assertArrayEquals(header, two.literals().get(0));
        }

        @Test
        void aLargeMessagePassesByteForByteWholeAndInPieces() throws Exception {
            seed(numbered(1, 500), numbered(2, 3_000_000));
            String whole = "UID FETCH 2 (UID BODY.PEEK[])";
            byte[] expected = direct(whole).bodies().get(2L);
            assertTrue(expected.length > 3_000_000);

            assertArrayEquals(expected, viaProxy(whole).bodies().get(2L));
            proxy.nilBody(1); // FETCH responses are now looked at before they pass: still unchanged
            assertArrayEquals(expected, viaProxy(whole).bodies().get(2L));
            assertArrayEquals(expected, inPieces(2));
        }

        @Test
        void throttlePacesServerBytes() throws Exception {
            seed(numbered(1, 30_000));
            proxy.throttle(30_000);
            try (RawImap imap = loggedIn(proxy.port())) {
                long start = System.nanoTime();
                byte[] body = imap.command("UID FETCH 1 (UID BODY.PEEK[])").bodies().get(1L);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(body.length > 30_000);
                assertTrue(millis >= 800 && millis < 10_000, "30 KB at 30 KB/s took " + millis + " ms");
            }
        }

        @Test
        void stallOnBodyHoldsUntilRelease() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.stallOnBodyOf(2);
            try (RawImap imap = loggedIn(proxy.port())) {
                CompletableFuture<RawImap.Reply> fetch = CompletableFuture.supplyAsync(() -> command(imap, BULK));
                assertTrue(proxy.awaitStalled(Duration.ofSeconds(10)));
                assertThrows(TimeoutException.class, () -> fetch.get(300, TimeUnit.MILLISECONDS));
                proxy.release();
                RawImap.Reply reply = fetch.get(10, TimeUnit.SECONDS);
                assertTrue(reply.ok(), reply.tagged());
                assertArrayEquals(direct(BULK).bodies().get(2L), reply.bodies().get(2L));
            }
            assertFalse(proxy.awaitStalled(Duration.ZERO));
        }

        @Test
        void stallAfterHoldsAtThatByte() throws Exception {
            seed(numbered(1, 5_000));
            try (RawImap imap = loggedIn(proxy.port())) {
                long before = proxy.bytesToClient();
                proxy.stallAfter(before + 100);
                CompletableFuture<RawImap.Reply> fetch = CompletableFuture.supplyAsync(
                        () -> command(imap, "UID FETCH 1 (UID BODY.PEEK[])"));
                assertTrue(proxy.awaitStalled(Duration.ofSeconds(10)));
                assertEquals(before + 100, proxy.bytesToClient());
                proxy.release();
                assertTrue(fetch.get(10, TimeUnit.SECONDS).bodies().get(1L).length > 5_000);
            }
        }

        @Test
        void cutInLiteralClosesTheConnectionMidBody() throws Exception {
            seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
            proxy.connection(1).cutInLiteralOf(2, 100);
            try (RawImap imap = loggedIn(proxy.port())) {
                EOFException cut = assertThrows(EOFException.class, () -> imap.command(BULK));
                assertTrue(cut.getMessage().contains("after 100 bytes of a literal"), cut.getMessage());
            }
            RawImap.Reply second = viaProxy(BULK);
            assertTrue(second.ok(), "only the first connection is cut: " + second.tagged());
            assertEquals(3, second.bodies().size());
        }

        @Test
        void cutInLiteralCountsFromTheStartOfTheMessageAcrossPieces() throws Exception {
            seed(numbered(1, 3_000_000));
            proxy.cutInLiteralOf(1, 1_500_000);
            try (RawImap imap = loggedIn(proxy.port())) {
                assertEquals(1 << 20, imap.command("UID FETCH 1 (UID BODY.PEEK[]<0.1048576>)").bodies().get(1L).length);
                EOFException cut = assertThrows(EOFException.class,
                        () -> imap.command("UID FETCH 1 (UID BODY.PEEK[]<1048576.1048576>)"));
                assertTrue(cut.getMessage().contains("after " + (1_500_000 - (1 << 20)) + " bytes"), cut.getMessage());
            }
        }

        @Test
        void cutAfterClosesAfterThatManyBytes() throws Exception {
            proxy.cutAfter(5);
            EOFException cut = assertThrows(EOFException.class, () -> new RawImap(proxy.port()));
            assertTrue(cut.getMessage().endsWith("partial line: * OK "), cut.getMessage());
            assertEquals(5, proxy.bytesToClient());
        }

        @Test
        void faultsOfTheNthConnectionLeaveTheOthersAlone() throws Exception {
            seed(numbered(1, 500), numbered(2, 700));
            proxy.connection(2).nilBody(2);
            String command = "UID FETCH 2 (UID BODY.PEEK[])";
            assertTrue(viaProxy(command).bodies().containsKey(2L));
            assertTrue(viaProxy(command).fetches().get(2L).text().contains("BODY[] NIL"));
            assertTrue(viaProxy(command).bodies().containsKey(2L));
            assertEquals(3, proxy.connections());
            assertEquals(List.of("LOGIN \"" + server().user() + "\" \"" + server().password() + "\"",
                    "SELECT \"" + folder + "\"", command), proxy.commands(2));
        }

        @Test
        void clientLiteralsPassThroughUnchanged() throws Exception {
            seed(numbered(1, 500));
            try (PlainImapClient client = PlainImapClient.connect(proxy.port(), server().user(), server().password())) {
                client.append(folder, numbered(2, 2_000)); // APPEND sends the message as a literal
                assertEquals(List.of(1L, 2L), client.uids(folder));
            }
            assertTrue(proxy.commands().stream().anyMatch(c -> c.matches("APPEND .*\\{\\d+\\+?}")),
                    proxy.commands().toString());
            assertTrue(proxy.bytesToServer() > 2_000);
        }

        void seed(byte[]... messages) throws Exception {
            seeded = messages;
            server().seed(folder, messages);
        }

        RawImap.Reply viaProxy(String command) throws IOException {
            return fetchOnce(proxy.port(), command);
        }

        RawImap.Reply direct(String command) throws IOException {
            return fetchOnce(server().port(), command);
        }

        private RawImap.Reply fetchOnce(int port, String command) throws IOException {
            try (RawImap imap = loggedIn(port)) {
                return imap.command(command);
            }
        }

        RawImap loggedIn(int port) throws IOException {
            RawImap imap = new RawImap(port);
            imap.login(server().user(), server().password());
            imap.select(folder);
            return imap;
        }

        /** A message fetched as the drain fetches large ones: 1 MiB partial pieces until one comes back short. */
        private byte[] inPieces(long uid) throws IOException {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            try (RawImap imap = loggedIn(proxy.port())) {
                for (long offset = 0; ; offset += 1 << 20) {
                    String command = "UID FETCH " + uid + " (UID BODY.PEEK[]<" + offset + ".1048576>)";
                    byte[] piece = imap.command(command).bodies().get(uid);
                    whole.write(piece);
                    if (piece.length < 1 << 20) {
                        return whole.toByteArray();
                    }
                }
            }
        }

        private static RawImap.Reply command(RawImap imap, String command) {
            try {
                return imap.command(command);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
