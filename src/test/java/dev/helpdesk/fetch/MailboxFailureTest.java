package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import dev.helpdesk.auth.PasswordCredentials;
import dev.helpdesk.auth.SecretReader;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * An Error in one mailbox (an OutOfMemoryError included) fails that mailbox only, names the message, and
 * leaves a run row; the other mailboxes still run, and a message that could not be held is set aside
 * instead of being retried forever.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class MailboxFailureTest {
    /** Messages are prepared on helper threads too, however many cores the machine running the test has. */
    private static final int HELPERS = 2;

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new FetchHarness(dir, engine);
        harness.server().seedScenario();
        GreenMailUser sales = harness.server().greenMail().setUser("sales@example.com", "sales@example.com",
                DemoMailServer.PASSWORD);
        for (int i = 1; i <= 2; i++) {
            sales.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    ("From: buyer" + i + "@example.org\r\nSubject: Quote " + i + "\r\nMessage-ID: <q" + i
                            + "@example.org>\r\n\r\nPlease send a quote.\r\n").getBytes(StandardCharsets.US_ASCII))));
        }
        harness.writeSupportAndSales();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private List<MailboxReport> fetch(Checkpoints checkpoints) {
        return fetch(checkpoints, new Tuning(100, 16L * 1024 * 1024, HELPERS));
    }

    private List<MailboxReport> fetch(Checkpoints checkpoints, Tuning tuning) {
        Config config = new ConfigLoader(harness.env()).load(harness.config());
        ProcessIdentity self = ProcessIdentity.current("test-host", "t"); // the host CliRun runs the CLI as
        try (Store store = harness.openStore()) {
            return dev.helpdesk.testing.Fetches.of(config, store,
                    new Locks(store, Clock.systemUTC(), new SystemProcesses(), self),
                    new PasswordCredentials(new SecretReader(harness.env())), self, Clock.systemUTC(), checkpoints,
                    tuning).run(config.mailboxes());
        }
    }

    /** Throws {@code error} the {@code n}th time the drain reaches {@code point}, in any mailbox. */
    private static Checkpoints failing(Checkpoint point, int n, Error error) {
        return failing(point, Set.of(n), error);
    }

    /** Throws {@code error} each of the {@code times} the drain reaches {@code point}, counted from 1. */
    private static Checkpoints failing(Checkpoint point, Set<Integer> times, Error error) {
        Map<Checkpoint, Integer> reached = new ConcurrentHashMap<>(); // two threads report
        return p -> {
            if (p == point && times.contains(reached.merge(p, 1, Integer::sum))) {
                throw error;
            }
        };
    }

    @Test
    void aMessageThatCannotBeHeldIsSetAsideAndOnlyItsMailboxFails() {
        // UID 3 fails to fit twice: beside the other messages of its chunk, then alone.
        List<MailboxReport> reports = fetch(failing(Checkpoint.PREPARING, Set.of(3, 4),
                new OutOfMemoryError("Java heap space (injected)")));

        MailboxReport support = reports.get(0);
        assertEquals(Outcome.FAILED, support.outcome(), support.toString());
        assertTrue(support.error().orElseThrow().startsWith("UID 3 in folder \"INBOX\": too large to hold in memory"),
                support.error().orElseThrow());
        assertTrue(support.error().orElseThrow().contains("set aside as too big"), support.error().orElseThrow());
        assertEquals(Outcome.OK, reports.get(1).outcome(), reports.get(1).toString());
        assertEquals(2, reports.get(1).counts().newMessages(), "the next mailbox still ran");
        assertEquals(2, harness.count("SELECT count(*) FROM runs"), "a run row for each mailbox");
        assertEquals(1, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'support' AND outcome = 'failed'"
                + " AND error LIKE 'UID 3 %'"));
        assertEquals(2, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"),
                "what came before it was committed");
        assertEquals(1, harness.count("SELECT count(*) FROM set_aside WHERE uid = 3 AND reason = 'too-big'"
                + " AND detail LIKE 'could not be held in memory%'"));

        List<MailboxReport> next = fetch(Checkpoints.none());
        assertEquals(Outcome.OK, next.get(0).outcome(), next.get(0).toString());
        assertEquals(3, next.get(0).counts().newMessages(), "the rest, and not the set-aside one again");
        CliRun list = harness.run("skipped", "list");
        assertTrue(list.out().contains("UID 3") && list.out().contains("too big: could not be held in memory"),
                list.out());
        CliRun fetched = harness.run("skipped", "fetch", "--all");
        assertEquals(0, fetched.code(), fetched.toString());
        assertEquals(6, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(0, harness.duplicateMessages());
    }

    /** Prepared beside the other messages of its chunk (on helper threads too), UID 3 gets one more try alone. */
    @Test
    void aMessageTheHeapCouldNotHoldBesideTheOthersOfItsChunkIsTriedAgainAlone() {
        List<MailboxReport> reports = fetch(failing(Checkpoint.PREPARING, 3,
                new OutOfMemoryError("Java heap space (injected)")));

        assertEquals(Outcome.OK, reports.get(0).outcome(), reports.get(0).toString());
        assertEquals(6, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(0, harness.count("SELECT count(*) FROM set_aside"));
        assertEquals(0, harness.duplicateMessages());
    }

    /**
     * In chunks of two, UID 3 is prepared while the chunk of UIDs 1-2 is held for its commit: a heap that ran
     * out then gets one more try once that chunk is committed and let go.
     */
    @Test
    void aMessageTheHeapCouldNotHoldBesideTheCommittingChunkIsTriedAgainOnceThatIsDone() {
        List<MailboxReport> reports = fetch(failing(Checkpoint.PREPARING, 3,
                new OutOfMemoryError("Java heap space (injected)")), new Tuning(2, Long.MAX_VALUE, HELPERS));

        assertEquals(Outcome.OK, reports.get(0).outcome(), reports.get(0).toString());
        assertEquals(6, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(0, harness.count("SELECT count(*) FROM set_aside"));
        assertEquals(0, harness.duplicateMessages());
    }

    @Test
    void aMessageThatStillCannotBeHeldOnItsSecondTryIsSetAside() {
        List<MailboxReport> reports = fetch(failing(Checkpoint.PREPARING, Set.of(3, 4),
                new OutOfMemoryError("Java heap space (injected)")), new Tuning(2, Long.MAX_VALUE, HELPERS));

        assertEquals(Outcome.FAILED, reports.get(0).outcome(), reports.get(0).toString());
        assertTrue(reports.get(0).error().orElseThrow().startsWith("UID 3 in folder \"INBOX\": too large to hold"
                + " in memory"), reports.get(0).error().orElseThrow());
        assertEquals(2, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(1, harness.count("SELECT count(*) FROM set_aside WHERE uid = 3 AND reason = 'too-big'"));
    }

    @Test
    void anyErrorFailsOnlyItsMailboxAndTheRunIsRecorded() {
        List<MailboxReport> reports = fetch(failing(Checkpoint.COMMITTED, 1, new StackOverflowError("injected")));
        assertEquals(Outcome.FAILED, reports.get(0).outcome());
        assertTrue(reports.get(0).error().orElseThrow().contains("StackOverflowError"), reports.get(0).toString());
        assertEquals(Outcome.OK, reports.get(1).outcome());
        assertEquals(1, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'support' AND outcome = 'failed'"));
        assertEquals(1, harness.count("SELECT count(*) FROM runs WHERE mailbox = 'sales' AND outcome = 'ok'"));
        List<MailboxReport> next = fetch(Checkpoints.none());
        assertEquals(Outcome.OK, next.get(0).outcome(), "the committed chunk's actions are finished next time");
        assertEquals(6, harness.count("SELECT count(*) FROM messages WHERE mailbox = 'support'"));
        assertEquals(0, harness.duplicateMessages());
    }
}
