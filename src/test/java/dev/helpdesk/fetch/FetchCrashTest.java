package dev.helpdesk.fetch;

import static dev.helpdesk.fetch.FetchProbeRig.DEMO_MESSAGES;
import static dev.helpdesk.fetch.FetchProbeRig.IN_PROCESS_HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.StoreEngine;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ingest protocol's promise under real crashes: a fetch JVM halted (no finally, no shutdown
 * hook) or SIGKILLed at each point of a chunk leaves a state from which the next ordinary run stores
 * every message exactly once, finishes every server action, and takes the dead run's lock over.
 * Chunks hold two messages, so the six demo messages make three chunks. On SQLite and on PostgreSQL.
 */
@Tag("process")
@ParameterizedClass
@EnumSource(StoreEngine.class)
@Timeout(90) // passing cases take seconds; this only lets ChildJvm's own 60 s failure, with the child's stderr, win
class FetchCrashTest {
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

    /** What a run that died at the Nth {@code point} has left behind, in messages of the demo mailbox. */
    record Left(int stored, int handledOnServer, int queued) {
        /**
         * The state found, when it is one the protocol allows after a halt at the Nth {@code point}; else the
         * first allowed one, for the assertions to name what differs.
         */
        static Left after(String point, int n, Left found) {
            List<Left> allowed = allowed(point, n);
            return allowed.contains(found) ? found : allowed.get(0);
        }

        /**
         * Every state a halt at the Nth {@code point} may leave. The writer thread commits chunk k while the
         * draining thread applies the server actions of chunk k - 1 and then receives chunk k + 1; the queue rows
         * of k - 1's actions are cleared in the transaction of chunk k + 1 (after the last chunk, at once). How far
         * each thread had got when the other halted is a race, and every combination is a state the protocol
         * allows: a chunk is committed whole or not at all, and an action is cleared only after the server did it.
         */
        static List<Left> allowed(String point, int n) {
            int c = FetchProbe.SMALL_CHUNKS.chunkMessages();
            boolean last = c * (n + 1) > DEMO_MESSAGES;
            List<Left> allowed = new ArrayList<>();
            switch (Checkpoint.of(point)) {
                case FETCHED -> {
                    // chunks up to n - 2 applied on the server; n - 1 committing (with n - 3's rows) or committed;
                    // n - 2's rows still queued
                    int applied = c * Math.max(0, n - 2);
                    int uncleared = (n >= 3 ? c : 0) + (n >= 4 ? c : 0);
                    allowed.add(new Left(applied, applied, uncleared));
                    if (n >= 2) {
                        allowed.add(new Left(c * (n - 1), applied, c + (n >= 3 ? c : 0)));
                    }
                }
                case COMMITTED -> {
                    // chunk n committed (with n - 2's rows cleared); n - 1's actions applied on the server or not yet
                    if (n == 1) {
                        allowed.add(new Left(c, 0, c));
                    } else {
                        allowed.add(new Left(c * n, c * (n - 2), 2 * c));
                        allowed.add(new Left(c * n, c * (n - 1), 2 * c));
                    }
                }
                case ACTION_APPLIED -> {
                    // chunk n's actions done on the server but still queued
                    if (last) {
                        allowed.add(new Left(c * n, c * n, c)); // n - 1's rows were cleared before n's were applied
                    } else {
                        // chunk n + 1 committing, or committed with n - 1's rows cleared
                        allowed.add(new Left(c * n, c * n, c + (n >= 2 ? c : 0)));
                        allowed.add(new Left(c * (n + 1), c * n, 2 * c));
                    }
                }
                default -> throw new IllegalArgumentException(point);
            }
            return allowed;
        }
    }

    @ParameterizedTest(name = "halt at {0} #{1}, afterFetch {2}")
    @CsvSource({
        "fetched,        1, mark-seen",
        "fetched,        2, mark-seen",
        "fetched,        2, move:Processed",
        "fetched,        3, mark-seen",
        "committed,      1, mark-seen",
        "committed,      2, mark-seen",
        "committed,      3, mark-seen",
        "committed,      1, move:Processed",
        "committed,      2, move:Processed",
        "committed,      3, move:Processed",
        "committed,      2, delete",
        "action-applied, 1, mark-seen",
        "action-applied, 2, mark-seen",
        "action-applied, 3, mark-seen",
        "action-applied, 1, move:Processed",
        "action-applied, 2, move:Processed",
        "action-applied, 3, move:Processed",
        "action-applied, 2, delete",
    })
    void theRunAfterAHaltStoresEachMessageOnceAndFinishesEveryAction(String point, int n, String afterFetch)
            throws Exception {
        rig.afterFetch(afterFetch);
        long deadPid;
        try (ChildJvm child = rig.startProbe(IN_PROCESS_HOST, point + ":" + n, "-")) {
            deadPid = child.pid();
            assertEquals("HALT " + point + " " + n, child.nextLine(), child.stderr());
            assertEquals(FetchProbe.HALTED, child.awaitExit(), child.stderr());
        }
        Left left = Left.after(point, n, found(afterFetch));
        assertCrashLeft(left, afterFetch, deadPid);
        assertNextRunFinishes(left, afterFetch);
    }

    @Test
    void theRunAfterASigkillWhilePausedAfterAFetchStoresEachMessageOnce() throws Exception {
        rig.afterFetch("mark-seen");
        long deadPid;
        try (ChildJvm child = rig.startProbe(IN_PROCESS_HOST, "-", Checkpoint.FETCHED.key() + ":2")) {
            deadPid = child.pid();
            assertEquals("PAUSED fetched", child.nextLine(), child.stderr());
            CliRun show = rig.harness.run("lock", "show");
            assertTrue(show.out().startsWith(FetchProbeRig.LOCK + "  running\n  holder      PID " + deadPid
                    + " on " + IN_PROCESS_HOST), show.toString());
            child.killHard();
            assertEquals(137, child.awaitExit(), "128 + SIGKILL");
        }
        Left left = Left.after(Checkpoint.FETCHED.key(), 2, found("mark-seen"));
        assertCrashLeft(left, "mark-seen", deadPid);
        assertNextRunFinishes(left, "mark-seen");
    }

    private Left found(String afterFetch) {
        return new Left((int) rig.stored(), (int) rig.handledOnServer(afterFetch), (int) rig.pendingActions());
    }

    /** Exactly the state the crash point implies, and the dead run's lock row still there, judged stale. */
    private void assertCrashLeft(Left left, String afterFetch, long deadPid) {
        assertEquals(left.stored(), rig.stored(), "messages committed before the crash");
        assertEquals(left.queued(), rig.pendingActions(), "actions queued before the crash");
        assertEquals(left.handledOnServer(), rig.handledOnServer(afterFetch), "server actions done before the crash");
        assertEquals(left.stored(), rig.count("SELECT count(*) FROM ledger"), "ledger rows before the crash");
        assertEquals(0, rig.count("SELECT count(*) FROM runs"), "a dead run records no run");
        assertEquals(deadPid, rig.lockOwner(), "the dead run's lock row is left behind");
        assertEquals(1, rig.lastToken());
        CliRun show = rig.harness.run("lock", "show");
        assertTrue(show.out().startsWith(FetchProbeRig.LOCK + "  stale: process gone\n  holder      PID " + deadPid
                + " on " + IN_PROCESS_HOST), show.toString());
    }

    /** One ordinary run takes the lock over and completes the work; the run after it finds nothing at all. */
    private void assertNextRunFinishes(Left left, String afterFetch) throws Exception {
        int remaining = DEMO_MESSAGES - left.stored();
        CliRun next = rig.harness.run("fetch");
        assertEquals(0, next.code(), next.toString());
        assertEquals("", next.err());
        assertTrue(next.out().matches("support: " + remaining + " new, 0 duplicates, 0 quarantined, 0 set aside, "
                + (left.queued() + remaining) + " actions applied, 0 remaining on server, \\d+\\.\\ds\\R"), next.out());
        assertEquals(2, rig.lastToken(), "the dead run's lock was taken over once, with the next token");
        rig.assertEveryMessageStoredOnce();
        rig.assertEveryActionDone(afterFetch);
        rig.assertLockFree();
        assertEquals(1, rig.count("SELECT count(*) FROM runs WHERE outcome = 'ok'"));
        assertEquals(1, rig.count("SELECT count(*) FROM runs"));

        CliRun after = rig.harness.run("fetch");
        assertTrue(after.out().startsWith("support: 0 new, 0 duplicates, 0 quarantined, 0 set aside, 0 actions"
                + " applied, 0 remaining on server, "), after.toString());
        rig.assertEveryMessageStoredOnce();
        rig.assertEveryActionDone(afterFetch);
    }
}
