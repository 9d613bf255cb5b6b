package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.LockRecord;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts on lock rows judged through a crafted /proc and real SQLite: only expiry or proof of death frees a
 * lock, proof needs our PID space, and a host name proves nothing.
 */
class LockIdentityTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final long HOLDER = 3100;
    private static final long TICKS = 777_000;
    private static final PidSpace NEIGHBOUR = new PidSpace(FakeProc.BOOT_ID, "4026532178");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private FakeProc proc;
    private Store store;

    @BeforeEach
    void open() {
        proc = new FakeProc(dir.resolve("proc")).process(HOLDER, "java", TICKS);
        store = new DataDir(dir.resolve("data")).openStore("test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The judge: this process as the crafted /proc shows it, on host web1. */
    private Locks judge() {
        return judge(proc.procFs());
    }

    private Locks judge(ProcFs procFs) {
        return new Locks(store, clock, new SystemProcesses(procFs), ProcessIdentity.current(procFs, "web1", "helpdesk fetch"));
    }

    private void holder(long pid, String host, Optional<PidSpace> space, OptionalLong ticks) {
        store.inTransaction(tx -> {
            tx.locks().put(new LockRecord("fetch:support", tx.locks().nextToken("fetch:support"), pid, host,
                    space.map(PidSpace::bootId), space.map(PidSpace::pidNamespace), ticks, Optional.empty(),
                    "helpdesk fetch", T0, T0, T0.plus(TTL)));
            return null;
        });
    }

    private LockVerdict busy() {
        return assertInstanceOf(AcquireResult.Busy.class, judge().acquire("fetch:support", TTL)).holder().verdict();
    }

    private LockVerdict takenOver() {
        return assertInstanceOf(AcquireResult.Acquired.class, judge().acquire("fetch:support", TTL))
                .tookOver().orElseThrow().verdict();
    }

    @Test
    void aHolderInOurPidSpaceWithItsRecordedStartRuns() {
        holder(HOLDER, "web1", Optional.of(FakeProc.SPACE), OptionalLong.of(TICKS));
        assertEquals(LockVerdict.RUNNING, busy());
    }

    @Test
    void aHolderWhosePidNowHasAnotherStartIsStale() {
        holder(HOLDER, "web1", Optional.of(FakeProc.SPACE), OptionalLong.of(TICKS - 100));
        assertEquals(LockVerdict.STALE, takenOver());
    }

    @Test
    void aHolderWhosePidIsFreeIsStale() {
        holder(HOLDER, "web1", Optional.of(FakeProc.SPACE), OptionalLong.of(TICKS));
        proc.remove(HOLDER);
        assertEquals(LockVerdict.STALE, takenOver());
    }

    @Test
    void aHolderOfAnotherBootWithOurHostNameIsAnotherHostUntilExpiry() {
        holder(HOLDER, "web1", Optional.of(new PidSpace("a-boot-before-the-last-reboot", FakeProc.PID_NAMESPACE)),
                OptionalLong.of(TICKS - 100));
        assertEquals(LockVerdict.OTHER_HOST, busy());
        clock.advance(TTL);
        assertEquals(LockVerdict.EXPIRED, takenOver());
    }

    @Test
    void aContainerWithOurHostNameButAnotherPidNamespaceIsAnotherHostThoughItsPidRunsHere() {
        // Its PID 1 or our own PID exists here with another start; judged as ours, that would read "stale".
        holder(FakeProc.SELF, "web1", Optional.of(NEIGHBOUR), OptionalLong.of(12));
        assertEquals(LockVerdict.OTHER_HOST, busy());
        clock.advance(TTL.minusSeconds(1));
        assertEquals(LockVerdict.OTHER_HOST, busy());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(LockVerdict.EXPIRED, takenOver());
    }

    @Test
    void aHolderWhoseProcessCannotBeReadRuns() {
        holder(HOLDER, "web1", Optional.of(FakeProc.SPACE), OptionalLong.of(TICKS - 100));
        proc.stat(HOLDER, "3100 (java) S 1 2");
        assertEquals(LockVerdict.RUNNING, busy());
    }

    @Test
    void aRowOfAnOlderHelpdeskRunsUntilItExpiresEvenWithItsPidFree() {
        holder(99_999, "web1", Optional.empty(), OptionalLong.empty());
        assertEquals(LockVerdict.RUNNING, busy());
        clock.advance(TTL.minusSeconds(1));
        assertEquals(LockVerdict.RUNNING, busy());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(LockVerdict.EXPIRED, takenOver());
    }

    @Test
    void aRowOfAnOlderHelpdeskOnAnotherHostNameIsAnotherHost() {
        holder(99_999, "web2", Optional.empty(), OptionalLong.empty());
        assertEquals(LockVerdict.OTHER_HOST, busy());
    }

    @Test
    void aJudgeWithoutProcCallsNobodyStale() {
        holder(HOLDER, "web1", Optional.of(FakeProc.SPACE), OptionalLong.of(TICKS - 100));
        Locks blind = judge(new ProcFs(dir.resolve("no-proc"), FakeProc.SELF));
        assertEquals(LockVerdict.RUNNING, blind.list().get(0).verdict());
        clock.advance(TTL);
        assertEquals(LockVerdict.EXPIRED, blind.list().get(0).verdict());
    }

    @Test
    void steppingTheJudgesClockByHoursWithinTheLeaseChangesNoVerdict() {
        store.inTransaction(tx -> {
            tx.locks().put(new LockRecord("fetch:support", tx.locks().nextToken("fetch:support"), HOLDER, "web1",
                    Optional.of(FakeProc.BOOT_ID), Optional.of(FakeProc.PID_NAMESPACE), OptionalLong.of(TICKS),
                    Optional.of(T0.minus(Duration.ofHours(5))), "helpdesk fetch", T0, T0, T0.plus(Duration.ofDays(1))));
            return null;
        });
        clock.advance(Duration.ofHours(-3));
        assertEquals(LockVerdict.RUNNING, busy());
        clock.advance(Duration.ofHours(9));
        assertEquals(LockVerdict.RUNNING, busy());
    }
}
