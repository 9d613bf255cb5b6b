package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.Dovecot;
import dev.helpdesk.testing.FaultProxy;
import dev.helpdesk.testing.PlainImapClient;
import dev.helpdesk.testing.SampleMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch --jobs N} on a real Dovecot with six accounts behind a slow proxy (so the drains really overlap):
 * the same lines in the same order and the same exit code as one job at a time, every message stored once, every
 * action applied, each mailbox under its own lock; a mailbox whose lock is held is reported busy while the others
 * are drained; a bad N is a usage error.
 */
@Tag("process")
@Timeout(120)
class FetchJobsTest {
    private static final int MAILBOXES = 6;
    private static final int MESSAGES = 12;
    private static final Pattern SECONDS = Pattern.compile(", \\d+\\.\\ds");

    @TempDir
    Path dir;

    private Dovecot dovecot;
    private FaultProxy proxy;
    private final Map<String, String> env = Map.of("JOBS_PW", "jobs-pw");

    @BeforeEach
    void start() throws IOException {
        Dovecot.Builder builder = Dovecot.in(dir);
        for (int m = 1; m <= MAILBOXES; m++) {
            builder.user(user(m), "jobs-pw");
        }
        dovecot = builder.start();
        for (int m = 1; m <= MAILBOXES; m++) {
            byte[][] mail = new byte[MESSAGES][];
            for (int i = 0; i < MESSAGES; i++) {
                mail[i] = SampleMessages.numbered(m * 1000 + i, 4_000);
            }
            dovecot.seed(user(m), "INBOX", mail);
        }
        proxy = FaultProxy.to(dovecot.port()).throttle(200_000);
    }

    @AfterEach
    void stop() {
        proxy.close();
        dovecot.close();
    }

    private static String user(int m) {
        return "box" + m + "@example.com";
    }

    private Path config(String name) throws IOException {
        List<String> boxes = new ArrayList<>();
        for (int m = 1; m <= MAILBOXES; m++) {
            boxes.add("""
                    { "name": "box%d", "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                      "password": { "env": "JOBS_PW" }, "afterFetch": "mark-seen" }""".formatted(m, proxy.port(), user(m)));
        }
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, "{ \"dataDir\": \"" + dir.resolve(name) + "\", \"mailboxes\": [\n"
                + String.join(",\n", boxes) + " ] }");
        return config;
    }

    private CliRun run(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(env, Clock.systemDefaultZone(), all.toArray(String[]::new));
    }

    @Test
    void fourJobsPrintWhatOneJobPrintsAndStoreEveryMessageOnce() throws Exception {
        CliRun one = run(config("one"), "fetch", "--jobs", "1");
        assertEquals(0, one.code(), one.toString());
        // A fresh store drains the same mailboxes again (never by UNSEEN): the same work, done four at a time.
        CliRun four = run(config("four"), "fetch", "--jobs", "4");
        assertEquals(0, four.code(), four.toString());
        assertEquals(SECONDS.matcher(one.out()).replaceAll(""), SECONDS.matcher(four.out()).replaceAll(""),
                "the same lines in the same order");
        assertTrue(four.out().startsWith("box1: " + MESSAGES + " new"), four.out());
        try (Store store = new DataDir(dir.resolve("four")).openStore("test")) {
            assertEquals((long) MAILBOXES * MESSAGES, (long) store.read(tx -> tx.count("SELECT count(*) FROM messages")));
            assertEquals((long) MAILBOXES * MESSAGES, (long) store.read(tx -> tx.count("SELECT count(DISTINCT sha256) FROM messages")));
            assertEquals(0L, (long) store.read(tx -> tx.count("SELECT count(*) FROM pending_actions")));
            assertEquals((long) MAILBOXES, (long) store.read(tx -> tx.count("SELECT count(*) FROM runs WHERE outcome = 'ok'")));
            assertEquals(0L, (long) store.read(tx -> tx.count("SELECT count(*) FROM locks")), "every lock released");
        }
        for (int m = 1; m <= MAILBOXES; m++) {
            try (PlainImapClient client = dovecot.client(user(m))) {
                assertEquals(MESSAGES, client.flags("INBOX").values().stream().filter(f -> f.contains("\\Seen"))
                        .count(), user(m));
            }
        }
        assertTrue(proxy.connections() >= 2 * MAILBOXES, "each mailbox its own connection");
    }

    @Test
    void aBusyMailboxIsReportedWhileTheOthersAreDrained() throws Exception {
        Path config = config("busy");
        try (Store store = new DataDir(dir.resolve("busy")).openStore("test")) {
            new Locks(store, Clock.systemUTC(), holder -> true, ProcessIdentity.current("test-host", "helpdesk fetch"))
                    .acquire(Fetch.lockName("box3"), Duration.ofMinutes(10));
        }
        CliRun run = run(config, "fetch", "--jobs", "3");
        assertEquals(0, run.code(), "a busy mailbox alone does not fail the run: " + run);
        assertTrue(run.err().contains("box3") && run.err().contains("fetch:box3"), run.err());
        assertTrue(!run.out().contains("box3: "), run.out());
        for (int m : new int[] {1, 2, 4, 5, 6}) {
            assertTrue(run.out().contains("box" + m + ": " + MESSAGES + " new"), run.out());
        }
    }

    @Test
    void jobsOutsideOneToThirtyTwoAreAUsageError() throws Exception {
        Path config = config("usage");
        for (String bad : List.of("0", "33", "-2")) {
            CliRun run = run(config, "fetch", "--jobs", bad);
            assertEquals(2, run.code(), run.toString());
            assertTrue(run.err().contains("--jobs takes a number of mailboxes to drain at once, from 1 to 32, not "
                    + bad), run.err());
        }
        assertTrue(Files.notExists(dir.resolve("usage").resolve("helpdesk.db")), "nothing was created");
    }
}
