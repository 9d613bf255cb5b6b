package dev.helpdesk.testing;

import static dev.helpdesk.testing.SampleMessages.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How Angus, driven the way the drain drives it (one {@code UID FETCH} through {@code IMAPFolder.doCommand}),
 * reacts to each fault: what the production code will see. GreenMail behind the proxy.
 */
class AngusUnderFaultsTest {
    private static final String BULK = "UID FETCH 1:3 (UID BODY.PEEK[])";

    private GreenMail greenMail;
    private FaultProxy proxy;
    private IMAPStore store;
    private IMAPFolder inbox;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser("support@example.com", "support@example.com", "pw");
        seed(numbered(1, 500), numbered(2, 700), numbered(3, 900));
        proxy = FaultProxy.to(greenMail.getImap().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        proxy.close();
        greenMail.stop();
    }

    @Test
    void aRefusedBulkFetchDeliversTheOtherBodiesThenFailsTheCommand() throws Exception {
        proxy.refuseBody(2, FaultProxy.UNAVAILABLE);
        open(2_000);
        assertEquals(1, proxy.connections(), "the store lends its connection to the open folder: connection(1)");
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command(BULK, null));

        assertEquals(Set.of(1L, 3L), bodies(responses).keySet());
        Response last = responses[responses.length - 1];
        assertTrue(last.isNO());
        // handleResult, as UidCommands.run calls it, throws: bodies read before it are lost unless kept first.
        MessagingException refused = assertThrows(MessagingException.class, () -> handle(last));
        assertTrue(refused.getCause() instanceof CommandFailedException, String.valueOf(refused.getCause()));
        assertTrue(refused.getMessage().contains("[UNAVAILABLE]"), refused.getMessage());
        assertTrue(inbox.isOpen(), "a NO leaves the connection and the folder usable");
        Response[] again = (Response[]) inbox.doCommand(p -> p.command("UID FETCH 3 (UID BODY.PEEK[])", null));
        assertEquals(Set.of(3L), bodies(again).keySet());
    }

    @Test
    void aNilBodyIsABodyItemWithoutBytes() throws Exception {
        proxy.nilBody(2);
        open(2_000);
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command(BULK, null));
        BODY body = fetch(responses, 2).getItem(BODY.class);
        assertNotNull(body, "Angus parses BODY[] NIL as a BODY item");
        assertNull(body.getByteArray(), "... whose bytes are null: UidCommands.bodies leaves the UID out");
        assertTrue(responses[responses.length - 1].isOK());
    }

    @Test
    void aMissingBodyItemLeavesOnlyTheUid() throws Exception {
        proxy.noBodyItem(2);
        open(2_000);
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command(BULK, null));
        FetchResponse two = fetch(responses, 2);
        assertNull(two.getItem(BODY.class), "no BODY item: UidCommands.bodies leaves the UID out");
        assertNotNull(two.getItem(UID.class));
        assertTrue(responses[responses.length - 1].isOK());
    }

    @Test
    void aStallEndsInTheReadTimeoutAndClosesTheFolder() throws Exception {
        open(500);
        proxy.stallOnBodyOf(2);
        long start = System.nanoTime();
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command(BULK, null));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Response last = responses[responses.length - 1];
        // Angus turns the SocketTimeoutException into a synthetic BYE, after the bodies that did arrive.
        assertTrue(last.isBYE() && last.getException() instanceof java.net.SocketTimeoutException, last.toString());
        assertEquals(1, bodies(responses).size());
        assertTrue(millis >= 450 && millis < 10_000, millis + " ms");
        proxy.release();
        FolderClosedException closed = assertThrows(FolderClosedException.class, () -> handle(last));
        // No cause is attached: the synthetic BYE's text is all that says why.
        assertTrue(closed.getMessage().contains("SocketTimeoutException: Read timed out"), closed.getMessage());
        assertDead();
    }

    @Test
    void aCutMidLiteralIsALostConnection() throws Exception {
        open(2_000);
        proxy.cutInLiteralOf(2, 100);
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command(BULK, null));
        Response last = responses[responses.length - 1];
        assertTrue(last.isBYE(), last.toString());
        assertEquals(1, bodies(responses).size(), "the body before the cut arrived whole, the cut one not at all");
        FolderClosedException closed = assertThrows(FolderClosedException.class, () -> handle(last));
        assertTrue(closed.getMessage().contains("Connection dropped by server?"), closed.getMessage());
        assertDead();
    }

    @Test
    void aSlowButSteadyServerNeverTripsTheReadTimeout() throws Exception {
        seed(numbered(4, 40_000));
        // The read timeout bounds each read, not the transfer: 40 KB at 10 KB/s takes 4 s and passes. The proxy
        // sends a slice every 100 ms, so a read waits that long, a tenth of the timeout: a loaded machine's pauses
        // fit in the rest (with 300 ms, a stall of 200 ms would have ended the connection).
        open(1_000);
        proxy.throttle(10_000);
        long start = System.nanoTime();
        Response[] responses = (Response[]) inbox.doCommand(p -> p.command("UID FETCH 4 (UID BODY.PEEK[])", null));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(responses[responses.length - 1].isOK(), responses[responses.length - 1].toString());
        assertTrue(bodies(responses).get(4L).length > 40_000);
        assertTrue(millis >= 3_000, "40 KB at 10 KB/s took " + millis + " ms");
    }

    private void seed(byte[]... messages) throws MessagingException {
        try (PlainImapClient client = PlainImapClient.connect(greenMail.getImap().getPort(), "support@example.com",
                "pw")) {
            client.append("INBOX", messages);
        }
    }

    private void open(int readTimeoutMillis) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.imap.timeout", Integer.toString(readTimeoutMillis));
        props.setProperty("mail.imap.connectiontimeout", "2000");
        props.setProperty("mail.imap.fetchsize", Integer.toString(1 << 20));
        props.setProperty("mail.imap.peek", "true");
        store = (IMAPStore) Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", proxy.port(), "support@example.com", "pw");
        inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
    }

    /**
     * After a lost connection Angus does not close the folder: isOpen() still says true and each further command
     * "returns" a synthetic BYE instead of throwing, until handleResult looks at it. Reconnect instead.
     */
    private void assertDead() throws MessagingException {
        assertTrue(inbox.isOpen());
        Response[] noop = (Response[]) inbox.doCommand(p -> p.command("NOOP", null));
        assertTrue(noop[noop.length - 1].isBYE(), noop[noop.length - 1].toString());
    }

    private void handle(Response last) throws MessagingException {
        inbox.doCommand(p -> {
            p.handleResult(last);
            return null;
        });
    }

    private static FetchResponse fetch(Response[] responses, long uid) {
        return Arrays.stream(responses).filter(r -> r instanceof FetchResponse f && f.getItem(UID.class) != null
                && f.getItem(UID.class).uid == uid).map(FetchResponse.class::cast).findFirst().orElseThrow();
    }

    private static Map<Long, byte[]> bodies(Response[] responses) {
        Map<Long, byte[]> bodies = new TreeMap<>();
        for (Response r : responses) {
            BODY body = r instanceof FetchResponse f ? f.getItem(BODY.class) : null;
            if (body != null && body.getByteArray() != null) {
                bodies.put(((FetchResponse) r).getItem(UID.class).uid, body.getByteArray().getNewBytes());
            }
        }
        return bodies;
    }
}
