package dev.helpdesk.fetch;

import static dev.helpdesk.fetch.FetchProbeRig.LOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.fetch.FetchProbeRig.Cli;
import dev.helpdesk.mail.Sha256;
import dev.helpdesk.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * Two fetch processes on one mailbox, as two overlapping cron ticks would be: the one holding the
 * lock is paused mid-run, the other is the real command line in its own JVM. The second reports the
 * holder and exits 75 without touching store or server; nobody is killed; the first finishes alone.
 */
@Tag("process")
@Timeout(90) // passing cases take seconds; this only lets ChildJvm's own 60 s failure, with the child's stderr, win
@ParameterizedClass
@EnumSource(StoreEngine.class)
class FetchProcessTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchProbeRig rig;

    @BeforeEach
    void start() {
        rig = new FetchProbeRig(dir, engine);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @ParameterizedTest(name = "first run paused at {0}")
    @CsvSource({
        // pause point, then what the paused run has done by then: stored, marked seen, still queued (chunk 1's
        // queue rows are cleared in chunk 3's transaction)
        "fetched:1,        0, 0, 0",
        "committed:2,      4, 2, 4",
        "action-applied:3, 6, 6, 2",
    })
    void aSecondFetchWhileTheFirstHoldsTheLockIsBusyAndChangesNothing(String pause, int stored, int seen, int queued)
            throws Exception {
        String host = FetchProbeRig.realHostName(); // the second run is a real `helpdesk`: same host, real liveness
        long firstPid;
        Cli busy;
        try (ChildJvm first = rig.startProbe(host, "-", pause)) {
            firstPid = first.pid();
            assertEquals("PAUSED " + pause.substring(0, pause.indexOf(':')), first.nextLine(), first.stderr());
            awaitSeen(seen);

            Cli show = rig.cli("lock", "show");
            assertEquals(0, show.code(), show.toString());
            List<String> lines = show.out().lines().toList();
            assertEquals(LOCK + "  running", lines.get(0), show.toString());
            assertTrue(lines.get(1).matches("  holder      PID " + firstPid + " on " + Pattern.quote(host)
                    + "(, process started .*)?"), show.toString());
            assertEquals("  token       1", lines.get(6), show.toString());

            busy = rig.cli("fetch");
            assertEquals(75, busy.code(), busy.toString());
            assertEquals("", busy.out(), "a busy mailbox prints no summary line");
            List<String> busyLines = busy.err().lines().filter(l -> l.startsWith("helpdesk: support: busy: ")).toList();
            assertEquals(1, busyLines.size(), busy.toString());
            assertTrue(busyLines.get(0).contains("the lock " + LOCK + " is held by PID " + firstPid + " on " + host
                    + " ("), busy.toString());
            assertSecondRunChangedNothing(firstPid, stored, seen, queued);

            first.send("go on");
            assertEquals("RESULT ok new=6 duplicates=0 actions=6 remaining=0", first.nextLine(), first.stderr());
            assertEquals(0, first.awaitExit(), first.stderr());
        }
        rig.assertEveryMessageStoredOnce();
        rig.assertEveryActionDone("mark-seen");
        rig.assertLockFree();
        assertEquals(1, rig.lastToken(), "the lock was never taken over: the paused holder kept it to the end");
        assertEquals(2, rig.count("SELECT count(*) FROM runs"));
        assertEquals(1, rig.count("SELECT count(*) FROM runs WHERE outcome = 'busy'"
                + " AND new_count = 0 AND actions = 0 AND pid = ?", busy.pid()));
        assertEquals(1, rig.count("SELECT count(*) FROM runs WHERE outcome = 'ok'"
                + " AND new_count = 6 AND actions = 6 AND pid = ?", firstPid));

        Cli next = rig.cli("fetch");
        assertEquals(0, next.code(), next.toString());
        assertTrue(next.out().startsWith("support: 0 new, 0 duplicates, 0 quarantined, 0 set aside, 0 actions"
                + " applied, 0 remaining on server, "), next.toString());
        rig.assertEveryMessageStoredOnce();
        rig.assertEveryActionDone("mark-seen");
    }

    /** The busy run left store, queue, server flags and the holder's lock row exactly as the holder had them. */
    /**
     * The digest a real drain hashes with is NSS's where the system has it: paused after its first commit (its
     * messages hashed), the run's process has NSS's softoken mapped. Only the process can show it: the provider
     * is JVM-wide, and in this JVM another test may have installed it.
     */
    @Test
    void aDrainHashesWithNssWhereTheSystemHasIt() throws Exception {
        assumeTrue(Sha256.systemHasNss(), "this system has no NSS (Debian: libnss3)");
        try (ChildJvm run = rig.startProbe(FetchProbeRig.IN_PROCESS_HOST, "-", "committed:1")) {
            assertEquals("PAUSED committed", run.nextLine(), run.stderr());
            Path maps = Path.of("/proc", Long.toString(run.pid()), "maps");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // NSS loads on a thread of its own
            boolean mapped = Files.readString(maps).contains("libsoftokn3");
            while (!mapped && System.nanoTime() < until) {
                Thread.sleep(20);
                mapped = Files.readString(maps).contains("libsoftokn3");
            }
            assertTrue(mapped, "the drain's JVM never loaded NSS's libsoftokn3:\n" + run.stderr());
            run.send("go on");
            assertEquals("RESULT ok new=6 duplicates=0 actions=6 remaining=0", run.nextLine(), run.stderr());
            assertEquals(0, run.awaitExit(), run.stderr());
        }
        rig.assertEveryMessageStoredOnce();
    }

    /**
     * Paused on the writer thread, the run's draining thread still applies the chunk before's server actions:
     * they are done before anything is compared (and if they never are, the comparison says so).
     */
    private void awaitSeen(int seen) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rig.handledOnServer("mark-seen") < seen && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    private void assertSecondRunChangedNothing(long holderPid, int stored, int seen, int queued) {
        assertEquals(stored, rig.stored(), "messages");
        assertEquals(stored, rig.count("SELECT count(*) FROM ledger"), "ledger rows");
        assertEquals(queued, rig.pendingActions(), "queued actions (the busy run must not apply the holder's)");
        assertEquals(seen, rig.handledOnServer("mark-seen"), "seen on the server");
        assertEquals(holderPid, rig.lockOwner(), "lock owner");
        assertEquals(1, rig.lastToken(), "no takeover of a live holder");
    }
}
