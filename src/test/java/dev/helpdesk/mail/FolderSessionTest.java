package dev.helpdesk.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpdesk.config.Security;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IMAP side of the drain against an in-process GreenMail, checked through a second, plain client. */
class FolderSessionTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private GreenMailUser user;
    private OtherClient other;
    private final Spool spool = Spool.temporary();

    @BeforeEach
    void createAccount() throws Exception {
        user = greenMail.setUser("support@example.com", "support", "secret");
        other = new OtherClient("127.0.0.1", port(), "support", "secret");
    }

    @AfterEach
    void closeOtherClient() throws Exception {
        other.close();
        spool.close();
    }

    private static byte[] bytes(RawMessage message) throws java.io.IOException {
        return message.content().readAll();
    }

    /** Messages above a UID: one window reaching to the highest UID there can be. */
    private static List<MessageRef> listAfter(FolderSession folder, long lastUid) {
        return folder.list(lastUid + 1, MessageRef.MAX_UID);
    }

    private static List<MessageRef> listAll(FolderSession folder) {
        return listAfter(folder, 0);
    }

    private List<RawMessage> fetch(FolderSession folder, List<MessageRef> refs) {
        Fetched fetched = folder.fetch(refs, spool, Deadline.never());
        assertEquals(java.util.Map.of(), fetched.refused());
        return fetched.messages();
    }

    private static int port() {
        return greenMail.getImap().getPort();
    }

    private static MailSession connect(Set<String> hiddenCapabilities) {
        ImapEndpoint endpoint = new ImapEndpoint("127.0.0.1", port(), Security.NONE, "support",
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new ImapClient(hiddenCapabilities, null).connect(endpoint, new Credential.Password("secret"));
    }

    private static MailSession connect() {
        return connect(Set.of());
    }

    /** Delivers in-process, much faster than APPEND for many messages; bytes are kept as given. */
    private void deliver(byte[] raw) throws Exception {
        user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    private void seed(int count) throws Exception {
        byte[][] raws = new byte[count][];
        for (int i = 0; i < count; i++) {
            raws[i] = TestMessages.numbered(i + 1);
        }
        other.append("INBOX", raws);
    }

    @Test
    void listAfterReturnsNewerMessagesAscendingWithTheirSizes() throws Exception {
        seed(3);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            List<MessageRef> refs = listAfter(inbox, 1);
            assertEquals(List.of(2L, 3L), refs.stream().map(MessageRef::uid).toList());
            for (MessageRef ref : refs) {
                assertEquals(TestMessages.numbered((int) ref.uid()).length, ref.size(), "size of UID " + ref.uid());
            }
            assertEquals(List.of(1L, 2L, 3L), listAfter(inbox, 0).stream().map(MessageRef::uid).toList());
        }
    }

    @Test
    void listAfterExcludesTheHighestMessageWhenItsUidIsNotAboveLastUid() throws Exception {
        seed(3);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            // GreenMail answers "UID FETCH 4:*" with "* 3 FETCH (UID 3)" (checked with a raw command): the n:* trap.
            assertEquals(List.of(), listAfter(inbox, 3));
            assertEquals(List.of(), listAfter(inbox, 100));
        }
    }

    @Test
    void listingAnEmptyFolderFindsNothing() throws Exception {
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertEquals(List.of(), listAfter(inbox, 0));
            assertEquals(List.of(), listAll(inbox));
        }
    }

    @Test
    void listAllReturnsEveryMessageAscending() throws Exception {
        seed(4);
        other.expunge("INBOX", 2);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertEquals(List.of(1L, 3L, 4L), listAll(inbox).stream().map(MessageRef::uid).toList());
        }
    }

    @Test
    void reportsUidValidityAndUidNextOfTheSelectedFolder() throws Exception {
        seed(3);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertEquals(other.uidValidity("INBOX"), inbox.uidValidity());
            assertTrue(inbox.uidValidity() > 0);
            assertEquals(4, inbox.uidNext());
        }
    }

    @Test
    void fetchReturnsTheExactBytesAndLeavesMessagesUnseen() throws Exception {
        byte[] odd = TestMessages.crlf("From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\n"
                + "X-Odd:no-space-after-colon   \n"
                + "Subject: folded\n  over two lines\n"
                + "Content-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: 8bit\n"
                + "\n"
                + "Grüße, 8-bit body\n\n\nwith blank lines and trailing space \n");
        other.append("INBOX", TestMessages.numbered(1), odd, TestMessages.numbered(3));
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            List<RawMessage> fetched = fetch(inbox, listAll(inbox));
            assertEquals(List.of(1L, 2L, 3L), fetched.stream().map(RawMessage::uid).toList());
            assertArrayEquals(TestMessages.numbered(1), bytes(fetched.get(0)));
            assertArrayEquals(odd, bytes(fetched.get(1)));
            assertArrayEquals(other.serverBytes("INBOX", 2), bytes(fetched.get(1)));
        }
        for (long uid = 1; uid <= 3; uid++) {
            assertFalse(other.hasFlag("INBOX", uid, Flags.Flag.SEEN), "UID " + uid + " became seen");
        }
    }

    @Test
    void fetchFollowsTheRequestedOrderAndOmitsUidsExpungedByAnotherClient() throws Exception {
        seed(3);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            List<MessageRef> listed = listAfter(inbox, 0);
            assertEquals(3, listed.size());
            other.expunge("INBOX", 2);
            List<RawMessage> fetched = fetch(inbox, List.of(listed.get(2), listed.get(1), listed.get(0)));
            assertEquals(List.of(3L, 1L), fetched.stream().map(RawMessage::uid).toList());
            assertEquals(List.of(), fetch(inbox, List.of()));
        }
    }

    @Test
    void aMessageSeenByAnotherClientIsStillListedAndFetched() throws Exception {
        seed(2);
        other.setFlag("INBOX", 1, Flags.Flag.SEEN);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertEquals(List.of(1L, 2L), listAfter(inbox, 0).stream().map(MessageRef::uid).toList());
            assertEquals(2, fetch(inbox, listAll(inbox)).size());
        }
    }

    @Test
    void headersReturnsTheHeaderSectionWithoutTheBodyOrEmptyWhenGone() throws Exception {
        seed(1);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            String headers = new String(inbox.headers(1).orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(headers.contains("Message-ID: <q1@example.org>"), headers);
            assertFalse(headers.contains("Hello, this is question"), headers);
            assertTrue(inbox.headers(99).isEmpty());
        }
        assertFalse(other.hasFlag("INBOX", 1, Flags.Flag.SEEN));
    }

    @Test
    void markSeenFlagsExactlyThoseUidsIdempotentlyAndIgnoresVanishedOnes() throws Exception {
        seed(3);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            inbox.markSeen(List.of(1L, 3L, 42L));
            inbox.markSeen(List.of(1L, 3L));
            inbox.markSeen(List.of());
        }
        assertTrue(other.hasFlag("INBOX", 1, Flags.Flag.SEEN));
        assertFalse(other.hasFlag("INBOX", 2, Flags.Flag.SEEN));
        assertTrue(other.hasFlag("INBOX", 3, Flags.Flag.SEEN));
    }

    @Test
    void moveToCreatesTheTargetAndMovesExactlyThoseUids() throws Exception {
        seed(4);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertTrue(session.capabilities().move());
            inbox.moveTo(List.of(1L, 3L), "Archive/Helpdesk");
            inbox.moveTo(List.of(1L, 3L), "Archive/Helpdesk"); // a rerun after a crash: nothing left to move
            assertEquals(List.of(2L, 4L), listAll(inbox).stream().map(MessageRef::uid).toList());
        }
        assertEquals(List.of(2L, 4L), other.uids("INBOX"));
        assertEquals(2, other.uids("Archive/Helpdesk").size());
    }

    @Test
    void moveWithoutMoveCopiesAndExpungesOnlyThoseUidsLeavingOtherDeletedMail() throws Exception {
        seed(4);
        other.setFlag("INBOX", 4, Flags.Flag.DELETED); // someone else's pending delete
        try (MailSession session = connect(Set.of("MOVE")); FolderSession inbox = session.open("INBOX")) {
            assertFalse(session.capabilities().move());
            inbox.moveTo(List.of(1L, 2L), "Done");
        }
        assertEquals(List.of(3L, 4L), other.uids("INBOX"));
        assertTrue(other.hasFlag("INBOX", 4, Flags.Flag.DELETED));
        assertEquals(2, other.uids("Done").size());
    }

    @Test
    void moveWithoutMoveOrUidplusRefusesBeforeTouchingAnything() throws Exception {
        seed(2);
        try (MailSession session = connect(Set.of("MOVE", "UIDPLUS")); FolderSession inbox = session.open("INBOX")) {
            MailException e = assertThrows(MailException.class, () -> inbox.moveTo(List.of(1L), "Done"));
            assertEquals(MailException.Kind.REFUSED, e.kind());
            assertTrue(e.getMessage().contains("neither MOVE nor UIDPLUS"), e.getMessage());
        }
        assertEquals(List.of(1L, 2L), other.uids("INBOX"));
        assertFalse(other.hasFlag("INBOX", 1, Flags.Flag.DELETED));
        assertFalse(other.exists("Done"));
    }

    @Test
    void deleteRemovesExactlyThoseUidsWhileAnotherClientsDeletedMessageStays() throws Exception {
        seed(4);
        other.setFlag("INBOX", 2, Flags.Flag.DELETED);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            inbox.delete(List.of(1L, 3L, 77L));
            inbox.delete(List.of(1L, 3L));
        }
        assertEquals(List.of(2L, 4L), other.uids("INBOX"));
        assertTrue(other.hasFlag("INBOX", 2, Flags.Flag.DELETED));
    }

    @Test
    void deleteWithoutUidplusRefusesBeforeFlaggingAnything() throws Exception {
        seed(1);
        try (MailSession session = connect(Set.of("UIDPLUS")); FolderSession inbox = session.open("INBOX")) {
            MailException e = assertThrows(MailException.class, () -> inbox.delete(List.of(1L)));
            assertEquals(MailException.Kind.REFUSED, e.kind());
            assertTrue(e.getMessage().contains("UIDPLUS"), e.getMessage());
        }
        assertFalse(other.hasFlag("INBOX", 1, Flags.Flag.DELETED));
        assertEquals(List.of(1L), other.uids("INBOX"));
    }

    @Test
    void closingTheFolderNeverExpunges() throws Exception {
        seed(2);
        other.setFlag("INBOX", 1, Flags.Flag.DELETED);
        try (MailSession session = connect()) {
            FolderSession inbox = session.open("INBOX");
            listAll(inbox);
            inbox.close();
            inbox.close();
        }
        assertEquals(List.of(1L, 2L), other.uids("INBOX"));
    }

    @Test
    void openingAMissingFolderFailsAsFolderNamingIt() {
        try (MailSession session = connect()) {
            MailException e = assertThrows(MailException.class, () -> session.open("Nope"));
            assertEquals(MailException.Kind.FOLDER, e.kind());
            assertTrue(e.getMessage().contains("\"Nope\""), e.getMessage());
        }
    }

    @Test
    void moveToAFolderWithANonAsciiNameCreatesItUnderThatName() throws Exception {
        seed(1);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            inbox.moveTo(List.of(1L), "Erledigt/Gelöst");
        }
        assertEquals(1, other.uids("Erledigt/Gelöst").size());
    }

    @Test
    void movingIntoTheSourceFolderIsRefusedAsAFolderProblem() throws Exception {
        seed(1);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            MailException e = assertThrows(MailException.class, () -> inbox.moveTo(List.of(1L), "INBOX"));
            assertEquals(MailException.Kind.FOLDER, e.kind());
        }
        assertEquals(List.of(1L), other.uids("INBOX"));
    }

    @Test
    void bulkFetchOfManyMessagesIsOneCommandNotOnePerMessage() throws Exception {
        int count = 500;
        for (int i = 1; i <= count; i++) {
            deliver(TestMessages.numbered(i));
        }
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            long started = System.nanoTime();
            List<MessageRef> refs = listAfter(inbox, 0);
            long listed = System.nanoTime();
            List<RawMessage> fetched = fetch(inbox, refs);
            long done = System.nanoTime();
            assertEquals(count, fetched.size());
            // One message per round trip would take about 500 x 44 ms here.
            assertTrue(done - listed < 10_000_000_000L, "fetch took " + (done - listed) / 1_000_000 + " ms");
            System.out.printf("GreenMail: listed %d messages in %d ms, fetched them in %d ms%n",
                    count, (listed - started) / 1_000_000, (done - listed) / 1_000_000);
        }
    }

    @Test
    void fetchesA21MegabyteMessageExactlyAndQuickly() throws Exception {
        StringBuilder text = new StringBuilder("From: big@example.org\r\nSubject: big\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (text.length() < 21_000_000) {
            text.append(line);
        }
        byte[] big = text.toString().getBytes(StandardCharsets.US_ASCII);
        deliver(big);
        try (MailSession session = connect(); FolderSession inbox = session.open("INBOX")) {
            assertEquals(List.of(new MessageRef(1, big.length)), listAfter(inbox, 0));
            long started = System.nanoTime();
            List<RawMessage> fetched = fetch(inbox, List.of(new MessageRef(1, big.length)));
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertArrayEquals(big, bytes(fetched.get(0)));
            // With Angus' 16 KiB partial fetches this took about 70 s from GreenMail.
            assertTrue(ms < 10_000, "took " + ms + " ms");
            System.out.printf("GreenMail: fetched a %d byte message in %d ms%n", big.length, ms);
        }
    }
}
