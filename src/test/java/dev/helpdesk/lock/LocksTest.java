package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.LockRecord;
import dev.helpdesk.store.LockTable;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.MutableClock;
import dev.helpdesk.testing.StoreEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock protocol against a real SQLite file and a real PostgreSQL database, with a fake clock and a fake process
 * table.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class LocksTest {
    @Parameter
    StoreEngine engine;

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    /** PIDs the fake process table says are running. */
    private final Set<Long> running = new HashSet<>();
    private final ProcessLiveness liveness = holder -> !running.contains(holder.pid());
    private Store store;

    @BeforeEach
    void open() {
        store = engine.prepare(dir).open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A process on {@code host}; each host name gets a PID space of its own. */
    private Locks locksOf(long pid, String host) {
        running.add(pid);
        HostIdentity where = new HostIdentity(host, Optional.of(new PidSpace("boot-of-" + host, "4026531836")));
        return new Locks(store, clock, liveness,
                new ProcessIdentity(pid, where, OptionalLong.of(pid * 10), Optional.of(T0), "helpdesk fetch"));
    }

    @Test
    void grantsAFreeLockWithTokenOne() {
        var result = locksOf(100, "web1").acquire("fetch:support", TTL);
        Lease lease = assertInstanceOf(AcquireResult.Acquired.class, result).lease();
        assertEquals(1, lease.token());
        assertEquals(Optional.empty(), ((AcquireResult.Acquired) result).tookOver());
    }

    @Test
    void refusesALiveHolderAndSaysWhoItIs() {
        locksOf(100, "web1").acquire("fetch:support", TTL);
        var busy = assertInstanceOf(AcquireResult.Busy.class, locksOf(200, "web1").acquire("fetch:support", TTL));
        assertEquals(LockVerdict.RUNNING, busy.holder().verdict());
        assertEquals(100, busy.holder().row().ownerPid());
        assertEquals("web1", busy.holder().row().ownerHost());
    }

    @Test
    void aFreeLockTheCallersRuleLeavesIsNotTakenAndItsFenceShowsWhy() {
        Locks web2 = locksOf(200, "web2");
        web2.releaseDrained(((AcquireResult.Acquired) web2.acquire("fetch:support", TTL)).lease());
        Locks web1 = locksOf(100, "web1");
        var left = assertInstanceOf(AcquireResult.Left.class, web1.acquire("fetch:support", TTL,
                fence -> web1.drainedByAnotherHost(fence)));
        assertEquals(new LockTable.Fence(1, Optional.of(T0), Optional.of("web2")), left.fence());
        assertEquals(List.of(), web1.list(), "nothing taken");
        assertFalse(web2.drainedByAnotherHost(left.fence()), "web2 drained it itself");

        Lease taken = assertInstanceOf(AcquireResult.Acquired.class, web1.acquire("fetch:support", TTL,
                fence -> false)).lease();
        assertEquals(2, taken.token(), "the refusal above handed out no token");
        var busy = assertInstanceOf(AcquireResult.Busy.class, web2.acquire("fetch:support", TTL, fence -> true));
        assertEquals(100, busy.holder().row().ownerPid(), "a live holder is reported before the caller's rule");
    }

    @Test
    void locksOfOtherMailboxesAreIndependent() {
        locksOf(100, "web1").acquire("fetch:support", TTL);
        assertInstanceOf(AcquireResult.Acquired.class, locksOf(200, "web1").acquire("fetch:sales", TTL));
    }

    @Test
    void takesOverLockOfDeadProcessAtOnceWithAHigherToken() {
        long first = ((AcquireResult.Acquired) locksOf(100, "web1").acquire("fetch:support", TTL)).lease().token();
        running.remove(100L);
        var taken = assertInstanceOf(AcquireResult.Acquired.class, locksOf(200, "web1").acquire("fetch:support", TTL));
        assertTrue(taken.lease().token() > first);
        assertEquals(LockVerdict.STALE, taken.tookOver().orElseThrow().verdict());
    }

    @Test
    void takesOverAnExpiredLeaseEvenIfTheHolderStillRuns() {
        locksOf(100, "web1").acquire("fetch:support", TTL);
        clock.advance(TTL);
        var taken = assertInstanceOf(AcquireResult.Acquired.class, locksOf(200, "web1").acquire("fetch:support", TTL));
        assertEquals(LockVerdict.EXPIRED, taken.tookOver().orElseThrow().verdict());
    }

    @Test
    void freesARowFromAnotherHostOnlyByExpiry() {
        locksOf(100, "elsewhere").acquire("fetch:support", TTL);
        running.remove(100L); // dead on its own host, but we cannot see that from here
        Locks here = locksOf(200, "web1");
        var busy = assertInstanceOf(AcquireResult.Busy.class, here.acquire("fetch:support", TTL));
        assertEquals(LockVerdict.OTHER_HOST, busy.holder().verdict());
        clock.advance(TTL.minusSeconds(1));
        assertInstanceOf(AcquireResult.Busy.class, here.acquire("fetch:support", TTL));
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(AcquireResult.Acquired.class, here.acquire("fetch:support", TTL));
    }

    @Test
    void fencedRenewFailsAfterTakeoverAndItsWritesRollBack() {
        Locks slow = locksOf(100, "web1");
        Lease old = ((AcquireResult.Acquired) slow.acquire("fetch:support", TTL)).lease();
        clock.advance(TTL.plusSeconds(1));
        assertInstanceOf(AcquireResult.Acquired.class, locksOf(200, "web1").acquire("fetch:support", TTL));
        store.inTransaction(tx -> tx.execute("CREATE TABLE writes (x INTEGER)"));
        assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
            tx.execute("INSERT INTO writes (x) VALUES (1)");
            if (!slow.renew(tx, old)) {
                throw new IllegalStateException("lease lost");
            }
            return null;
        }));
        assertEquals(0, (int) store.inTransaction(tx -> tx.execute("DELETE FROM writes")));
        assertFalse(slow.release(old), "the old holder cannot release the new holder's lock");
        assertEquals(200, slow.list().get(0).row().ownerPid());
    }

    @Test
    void renewExtendsTheLeaseAndRecordsTheHeartbeat() {
        Locks locks = locksOf(100, "web1");
        Lease lease = ((AcquireResult.Acquired) locks.acquire("fetch:support", TTL)).lease();
        clock.advance(Duration.ofMinutes(9));
        assertTrue(locks.renew(lease));
        LockRecord row = locks.list().get(0).row();
        assertEquals(T0.plus(Duration.ofMinutes(9)), row.heartbeatAt());
        assertEquals(T0.plus(Duration.ofMinutes(19)), row.expiresAt());
        assertEquals(T0, row.acquiredAt());
    }

    @Test
    void tokensKeepRisingAcrossReleases() {
        Locks locks = locksOf(100, "web1");
        long previous = 0;
        for (int i = 0; i < 5; i++) {
            Lease lease = ((AcquireResult.Acquired) locks.acquire("fetch:support", TTL)).lease();
            assertTrue(lease.token() > previous);
            previous = lease.token();
            assertTrue(locks.release(lease));
        }
        assertTrue(locks.list().isEmpty());
    }

    @Test
    void pidReusedByAnotherProgramCountsAsGone() {
        ProcessIdentity self = ProcessIdentity.current("web1", "helpdesk fetch");
        assumeTrue(self.startTicks().isPresent(), "needs the /proc of Linux");
        PidSpace here = self.hostIdentity().pidSpace().orElseThrow();
        Locks locks = new Locks(store, clock, new SystemProcesses(), self);
        store.inTransaction(tx -> {
            // Our PID, but the row says its process started an hour (360,000 ticks) before we did.
            tx.locks().put(new LockRecord("fetch:support", tx.locks().nextToken("fetch:support"), self.pid(), "web1",
                    Optional.of(here.bootId()), Optional.of(here.pidNamespace()),
                    OptionalLong.of(self.startTicks().getAsLong() - 360_000), self.start(), "helpdesk fetch",
                    T0, T0, T0.plus(TTL)));
            return null;
        });
        var taken = assertInstanceOf(AcquireResult.Acquired.class, locks.acquire("fetch:support", TTL));
        assertEquals(LockVerdict.STALE, taken.tookOver().orElseThrow().verdict());
    }

    @Test
    void adminReleaseFreesStaleRowsButNeedsForceForALiveHolder() {
        locksOf(100, "web1").acquire("fetch:support", TTL);
        Locks admin = locksOf(300, "web1");
        var refused = assertThrows(LockException.class, () -> admin.releaseByAdmin("fetch:support", false));
        assertEquals(LockException.Reason.HELD, refused.reason());
        assertTrue(refused.getMessage().contains("PID 100"), refused.getMessage());
        assertTrue(refused.getMessage().contains("helpdesk lock release fetch:support --force"), refused.getMessage());
        assertEquals(LockVerdict.RUNNING, admin.releaseByAdmin("fetch:support", true).verdict());
        assertTrue(admin.list().isEmpty());

        locksOf(101, "web1").acquire("fetch:sales", TTL);
        running.remove(101L);
        assertEquals(LockVerdict.STALE, admin.releaseByAdmin("fetch:sales", false).verdict());
    }

    @Test
    void adminReleaseOfAnUnknownNameListsTheNamesThatExist() {
        locksOf(100, "web1").acquire("fetch:support", TTL);
        locksOf(100, "web1").acquire("fetch:sales", TTL);
        var unknown = assertThrows(LockException.class, () -> locksOf(300, "web1").releaseByAdmin("fetch:nope", false));
        assertEquals(LockException.Reason.UNKNOWN_NAME, unknown.reason());
        assertTrue(unknown.getMessage().contains("fetch:sales, fetch:support"), unknown.getMessage());
    }
}
