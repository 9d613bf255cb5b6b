package dev.helpdesk.testing;

import static dev.helpdesk.testing.SampleMessages.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Dovecot helper: accounts, seeding in order, reading state back, a new UIDVALIDITY, a capability override. */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DovecotTest {
    /** Dovecot's own list without MOVE and UIDPLUS, as an older or stricter server would advertise. */
    static final String WITHOUT_MOVE_AND_UIDPLUS = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+"
            + " UNSELECT CHILDREN NAMESPACE";

    private Dovecot dovecot;

    @BeforeAll
    void start(@TempDir Path scratch) {
        dovecot = Dovecot.in(scratch).user("support@example.com", "pw1").user("sales@example.com", "pw2").start();
    }

    @AfterAll
    void stop() {
        dovecot.close();
    }

    @Test
    void seededMessagesGetUidsInSeedingOrderAndKeepTheirBytes() throws Exception {
        byte[][] messages = IntStream.rangeClosed(1, 12).mapToObj(n -> numbered(n, 200 + n)).toArray(byte[][]::new);
        dovecot.seed("Ordered", messages);
        dovecot.seed("sales@example.com", "Ordered", numbered(99, 300));

        try (PlainImapClient support = dovecot.client()) {
            assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), support.uids("Ordered"));
        }
        try (RawImap raw = new RawImap(dovecot.port())) {
            raw.login(dovecot.user(), dovecot.password());
            raw.select("Ordered");
            Map<Long, byte[]> bodies = raw.command("UID FETCH 1:* (UID BODY.PEEK[])").bodies();
            for (int uid = 1; uid <= 12; uid++) {
                assertArrayEquals(messages[uid - 1], bodies.get((long) uid), "UID " + uid);
            }
        }
        try (PlainImapClient sales = dovecot.client("sales@example.com")) {
            assertEquals(List.of(1L), sales.uids("Ordered"));
        }
    }

    @Test
    void laterSeedsComeAfterTheUidsAlreadyGiven() throws Exception {
        dovecot.seed("Later", numbered(1, 200), numbered(2, 200));
        try (PlainImapClient client = dovecot.client()) {
            assertEquals(List.of(1L, 2L), client.uids("Later"));
            dovecot.seed("Later", numbered(3, 200));
            assertEquals(List.of(1L, 2L, 3L), client.uids("Later"));
        }
    }

    @Test
    void aBareLfIsServedAsCrlf() throws Exception {
        dovecot.seed("Lf", "Subject: lf\n\nline\n".getBytes(StandardCharsets.US_ASCII));
        try (PlainImapClient client = dovecot.client()) {
            assertEquals("Subject: lf\r\n\r\nline\r\n", new String(client.bytes("Lf", 1), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void readsFlagsAndFoldersIndependently() throws Exception {
        dovecot.seed("Flagged", numbered(1, 200), numbered(2, 200), numbered(3, 200));
        try (RawImap raw = new RawImap(dovecot.port())) {
            raw.login(dovecot.user(), dovecot.password());
            raw.select("Flagged");
            assertTrue(raw.command("UID STORE 1 +FLAGS (\\Seen)").ok());
            assertTrue(raw.command("UID STORE 3 +FLAGS (\\Seen \\Deleted)").ok());
        }
        try (PlainImapClient client = dovecot.client()) {
            Map<Long, Set<String>> flags = client.flags("Flagged");
            assertEquals(Set.of("\\Seen"), flags.get(1L));
            assertEquals(Set.of(), flags.get(2L));
            assertEquals(Set.of("\\Seen", "\\Deleted"), flags.get(3L));
            assertTrue(client.hasFlag("Flagged", 3, jakarta.mail.Flags.Flag.DELETED));
            assertTrue(client.folders().containsAll(Set.of("INBOX", "Flagged")), client.folders().toString());
            assertFalse(client.exists("Nowhere"));
        }
    }

    @Test
    void aResetGivesANewUidValidityAndRenumbers() throws Exception {
        dovecot.seed("Reset", numbered(1, 200), numbered(2, 200), numbered(3, 200));
        long before;
        try (PlainImapClient client = dovecot.client(); RawImap raw = new RawImap(dovecot.port())) {
            before = client.uidValidity("Reset");
            raw.login(dovecot.user(), dovecot.password());
            raw.select("Reset");
            assertTrue(raw.command("UID STORE 2 +FLAGS (\\Deleted)").ok());
            assertTrue(raw.command("UID EXPUNGE 2").ok());
            assertEquals(List.of(1L, 3L), client.uids("Reset"));
        }

        long after = dovecot.resetUidValidity(dovecot.user(), "Reset");

        assertNotEquals(before, after);
        try (PlainImapClient client = dovecot.client()) {
            assertEquals(after, client.uidValidity("Reset"));
            assertEquals(List.of(1L, 2L), client.uids("Reset"), "the gap closes: UID 2 is now another message");
            assertTrue(new String(client.bytes("Reset", 2), StandardCharsets.US_ASCII).contains("Subject: Message 3"));
        }
    }

    @Test
    void advertisesMoveAndUidplusByDefault() throws Exception {
        try (PlainImapClient client = dovecot.client()) {
            assertTrue(client.hasCapability("MOVE"));
            assertTrue(client.hasCapability("UIDPLUS"));
        }
    }

    @Test
    void aCapabilityOverrideHidesMoveAndUidplusButTheServerStillMoves(@TempDir Path scratch) throws Exception {
        try (Dovecot plain = Dovecot.in(scratch).capability(WITHOUT_MOVE_AND_UIDPLUS).start()) {
            plain.seed("INBOX", numbered(1, 200));
            try (RawImap raw = new RawImap(plain.port())) {
                assertFalse(raw.greeting().contains("MOVE") || raw.greeting().contains("UIDPLUS"), raw.greeting());
                String capability = raw.command("CAPABILITY").untagged().get(0).text();
                assertTrue(capability.startsWith("* CAPABILITY " + WITHOUT_MOVE_AND_UIDPLUS), capability);
                raw.login(plain.user(), plain.password());
                raw.select("INBOX");
                assertTrue(raw.command("CREATE Done").ok());
                assertTrue(raw.command("UID MOVE 1 Done").ok(), "only the advertisement changes");
            }
            try (PlainImapClient client = plain.client()) {
                assertFalse(client.hasCapability("MOVE"));
                assertFalse(client.hasCapability("UIDPLUS"));
                assertEquals(List.of(1L), client.uids("Done"));
            }
        }
    }

    @Test
    void closeStopsTheServer(@TempDir Path scratch) {
        Dovecot stopped = Dovecot.in(scratch).start();
        int port = stopped.port();
        stopped.close();
        assertThrows(ConnectException.class, () -> new RawImap(port).close());
    }
}
