package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.LockRecord;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.StoreEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot-relative lock identity between real processes on this machine's real /proc: a clock step does not make
 * a live holder look dead, and a holder in another PID namespace under our host name is left to its lease.
 */
@Tag("process")
class LockIdentityProcessTest {
    private static final long ONE_DAY_MS = Duration.ofDays(1).toMillis();
    private static final long TEN_MINUTES_MS = Duration.ofMinutes(10).toMillis();
    /** A PID namespace of its own with its own /proc; --kill-child takes the JVM down when the test kills unshare. */
    private static final List<String> OWN_PID_NAMESPACE =
            List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");

    @TempDir
    Path dir;

    /** This test's store for a {@link LockProbe}: the SQLite file in {@code dir}, which the test opens too. */
    private String sqlite() {
        return StoreEngine.SQLITE.prepare(dir).argument();
    }

    private ProcessIdentity self;

    @BeforeEach
    void needsProc() {
        self = ProcessIdentity.current("test-host", "test");
        assumeTrue(self.hostIdentity().pidSpace().isPresent(), "needs the /proc of Linux");
    }

    private Locks judgeWith(Store store, Clock clock) {
        return new Locks(store, clock, new SystemProcesses(), self);
    }

    /**
     * The liveness rule this change replaced, verbatim: the JVM's start instant of the PID against the row's
     * owner_start_ms. The JVM computes that instant as boot time + start ticks, and takes the boot time from
     * /proc/stat's btime, which the kernel derives from the wall clock: after a clock step every JVM started
     * later computes instants shifted by the step, for the same live process. Kept here to show what it got wrong.
     */
    private static boolean oldRuleSaysRunning(long pid, Optional<Instant> recordedStart) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> actualStart = process.get().info().startInstant().map(s -> s.truncatedTo(ChronoUnit.MILLIS));
        return recordedStart.isEmpty() || actualStart.isEmpty() || recordedStart.equals(actualStart);
    }

    @Test
    void aLiveHolderStillRunsWhenTheJudgesClockIsSteppedByHours() {
        try (ChildJvm holder = ChildJvm.start(LockProbe.class, sqlite());
                Store store = new DataDir(dir).openStore("test")) {
            holder.nextLine();
            holder.send("acquire fetch:support " + ONE_DAY_MS + " 0");
            assertTrue(holder.nextLine().startsWith("WON"));
            for (Duration step : List.of(Duration.ofHours(-7), Duration.ofHours(-3), Duration.ofHours(3),
                    Duration.ofHours(11))) {
                var busy = assertInstanceOf(AcquireResult.Busy.class, judgeWith(store,
                        Clock.offset(Clock.systemUTC(), step)).acquire("fetch:support", Duration.ofMinutes(10)));
                assertEquals(LockVerdict.RUNNING, busy.holder().verdict(), "judge's clock stepped by " + step);
                assertEquals(holder.pid(), busy.holder().row().ownerPid());
            }
        }
    }

    @Test
    void aLiveHolderStillRunsWhenTheWallClockTimesOfItsRowAreShiftedByHoursWhichTheOldRuleCalledGone() {
        try (ChildJvm holder = ChildJvm.start(LockProbe.class, sqlite());
                Store store = new DataDir(dir).openStore("test")) {
            holder.nextLine();
            holder.send("acquire fetch:support " + ONE_DAY_MS + " 0");
            assertTrue(holder.nextLine().startsWith("WON"));
            Locks judge = judgeWith(store, Clock.systemUTC());
            LockRecord written = judge.list().get(0).row();
            assertTrue(written.ownerStartTicks().isPresent() && written.ownerBootId().isPresent(), written.toString());
            assertTrue(oldRuleSaysRunning(holder.pid(), written.ownerStart()),
                    "without a step the old rule and the row agree: " + written.ownerStart());
            for (long stepMs : new long[] {-3 * 3_600_000L, 5 * 3_600_000L}) {
                // What a holder started before a clock step of stepMs records, as a judge started after it sees it.
                store.inTransaction(tx -> tx.execute("UPDATE locks SET owner_start_ms = owner_start_ms + ?,"
                        + " acquired_at_ms = acquired_at_ms + ?, heartbeat_at_ms = heartbeat_at_ms + ?", stepMs, stepMs,
                        stepMs));
                LockStatus judged = judge.list().get(0);
                assertEquals(LockVerdict.RUNNING, judged.verdict(), "row shifted by " + stepMs + " ms");
                assertFalse(oldRuleSaysRunning(holder.pid(), judged.row().ownerStart()),
                        "the old rule would have called this live holder gone and taken its lock over");
                store.inTransaction(tx -> tx.execute("UPDATE locks SET owner_start_ms = owner_start_ms - ?,"
                        + " acquired_at_ms = acquired_at_ms - ?, heartbeat_at_ms = heartbeat_at_ms - ?", stepMs, stepMs,
                        stepMs));
            }
            assertInstanceOf(AcquireResult.Busy.class, judge.acquire("fetch:support", Duration.ofMinutes(10)));
        }
    }

    @Test
    void aHolderInAnotherPidNamespaceUnderOurHostNameIsLeftAloneUntilItsLeaseExpires() {
        assumeTrue(canUnshare(), "needs `unshare --pid --fork --mount-proc` (util-linux, root)");
        try (ChildJvm contained = ChildJvm.startUnder(OWN_PID_NAMESPACE, List.of(), LockProbe.class, sqlite());
                Store store = new DataDir(dir).openStore("test")) {
            assertEquals("READY 1", contained.nextLine(), "the probe is PID 1 of its namespace: " + contained.stderr());
            contained.send("acquire fetch:support " + TEN_MINUTES_MS + " 0");
            assertTrue(contained.nextLine().startsWith("WON"));

            Locks judge = judgeWith(store, Clock.systemUTC());
            LockRecord row = judge.list().get(0).row();
            PidSpace ours = self.hostIdentity().pidSpace().orElseThrow();
            assertEquals(1, row.ownerPid());
            assertEquals(self.host(), row.ownerHost(), "the same host name, as two containers of one image have");
            assertEquals(Optional.of(ours.bootId()), row.ownerBootId(), "the same running kernel");
            assertNotEquals(Optional.of(ours.pidNamespace()), row.ownerPidNamespace());
            assertTrue(ProcessHandle.of(1).isPresent(), "PID 1 exists here too, started at another time");
            assertFalse(oldRuleSaysRunning(1, row.ownerStart()), "the old rule would have judged our PID 1 for it");

            var busy = assertInstanceOf(AcquireResult.Busy.class, judge.acquire("fetch:support", Duration.ofMinutes(10)));
            assertEquals(LockVerdict.OTHER_HOST, busy.holder().verdict());
            // Only expiry frees it: a judge whose clock is past the lease takes it over.
            var taken = assertInstanceOf(AcquireResult.Acquired.class, judgeWith(store,
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10).plusSeconds(5)))
                    .acquire("fetch:support", Duration.ofMinutes(10)));
            assertEquals(LockVerdict.EXPIRED, taken.tookOver().orElseThrow().verdict());
        }
    }

    @Test
    void aJudgeInAnotherPidNamespaceUnderOurHostNameLeavesOurLockAlone() {
        assumeTrue(canUnshare(), "needs `unshare --pid --fork --mount-proc` (util-linux, root)");
        try (Store store = new DataDir(dir).openStore("test")) {
            assertInstanceOf(AcquireResult.Acquired.class,
                    judgeWith(store, Clock.systemUTC()).acquire("fetch:support", Duration.ofMinutes(10)));
        }
        try (ChildJvm contained = ChildJvm.startUnder(OWN_PID_NAMESPACE, List.of(), LockProbe.class, sqlite())) {
            assertEquals("READY 1", contained.nextLine(), contained.stderr());
            // Our PID does not exist in its /proc: by host name alone, the old rule called us gone.
            contained.send("acquire fetch:support " + TEN_MINUTES_MS + " 0");
            assertEquals("BUSY " + self.pid(), contained.nextLine());
        }
    }

    private static boolean canUnshare() {
        try {
            Process probe = new ProcessBuilder(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
                    "true")).redirectErrorStream(true).start();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
