package dev.helpdesk.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.Store;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.StoreEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock protocol between real processes: child JVMs on one SQLite file or PostgreSQL database, killed and frozen
 * for real.
 */
@Tag("process")
@ParameterizedClass
@EnumSource(StoreEngine.class)
class LockProcessTest {
    private static final long TEN_MINUTES_MS = Duration.ofMinutes(10).toMillis();

    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private StoreEngine.TestStore db;

    @BeforeEach
    void prepare() {
        db = engine.prepare(dir);
    }

    private Locks testProcessLocks(Store store) {
        return new Locks(store, store.leaseClock(Clock.systemUTC()), new SystemProcesses(),
                ProcessIdentity.current("test-host", "test"));
    }

    @Test
    void eightJvmsRacingForOneLockHaveExactlyOneWinnerEveryRound() {
        List<ChildJvm> children = new ArrayList<>();
        try {
            // All eight open the fresh database at once too: migrations must serialize.
            for (int i = 0; i < 8; i++) {
                children.add(ChildJvm.start(LockProbe.class, db.argument()));
            }
            children.forEach(child -> assertTrue(child.nextLine().startsWith("READY"), child.stderr()));
            long lastToken = 0;
            for (int round = 0; round < 25; round++) {
                long at = System.currentTimeMillis() + 300;
                String name = "fetch:race-" + round;
                children.forEach(child -> child.send("acquire " + name + " " + TEN_MINUTES_MS + " " + at));
                List<String> answers = children.stream().map(ChildJvm::nextLine).toList();
                List<String> winners = answers.stream().filter(a -> a.startsWith("WON")).toList();
                assertEquals(1, winners.size(), "round " + round + ": " + answers);
                assertEquals(7, answers.stream().filter(a -> a.startsWith("BUSY")).count(), answers.toString());
                long token = Long.parseLong(winners.get(0).substring(4));
                assertEquals(1, token, "a fresh name starts at token 1");
                lastToken = token;
            }
            assertEquals(1, lastToken);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    void holderKilledWithSigkillIsTakenOverAtOnceWithAHigherToken() {
        long childToken;
        try (ChildJvm holder = ChildJvm.start(LockProbe.class, db.argument())) {
            holder.nextLine();
            holder.send("acquire fetch:support " + TEN_MINUTES_MS + " 0");
            String answer = holder.nextLine();
            assertTrue(answer.startsWith("WON"), answer);
            childToken = Long.parseLong(answer.substring(4));
            try (Store store = db.open()) {
                var busy = assertInstanceOf(AcquireResult.Busy.class,
                        testProcessLocks(store).acquire("fetch:support", Duration.ofMinutes(10)));
                assertEquals(holder.pid(), busy.holder().row().ownerPid());
                assertEquals(LockVerdict.RUNNING, busy.holder().verdict());
            }
            holder.killHard();
        }
        try (Store store = db.open()) {
            var taken = assertInstanceOf(AcquireResult.Acquired.class,
                    testProcessLocks(store).acquire("fetch:support", Duration.ofMinutes(10)));
            assertTrue(taken.lease().token() > childToken);
            assertEquals(LockVerdict.STALE, taken.tookOver().orElseThrow().verdict());
        }
    }

    @Test
    void aLiveProcessWhoseStartTimeDiffersFromTheRowIsNotTheHolderAndIsTakenOver() {
        try (ChildJvm child = ChildJvm.start(LockProbe.class, db.argument())) {
            child.nextLine();
            child.send("acquire fetch:support " + TEN_MINUTES_MS + " 0");
            assertTrue(child.nextLine().startsWith("WON"));
            try (Store store = db.open()) {
                // The row now says the PID belongs to a process started an hour (360,000 ticks) earlier since
                // boot: the PID was reused.
                store.inTransaction(tx -> tx.execute(
                        "UPDATE locks SET owner_start_ticks = owner_start_ticks - 360000 WHERE name = 'fetch:support'"));
                var taken = assertInstanceOf(AcquireResult.Acquired.class,
                        testProcessLocks(store).acquire("fetch:support", Duration.ofMinutes(10)));
                assertEquals(LockVerdict.STALE, taken.tookOver().orElseThrow().verdict());
                assertEquals(child.pid(), taken.tookOver().orElseThrow().row().ownerPid());
            }
        }
    }

    @Test
    void holderFrozenPastExpiryIsTakenOverAndItsLateWriteIsFenced() throws Exception {
        try (ChildJvm frozen = ChildJvm.start(LockProbe.class, db.argument());
                ChildJvm successor = ChildJvm.start(LockProbe.class, db.argument())) {
            frozen.nextLine();
            successor.nextLine();
            frozen.send("acquire fetch:support 1500 0");
            String won = frozen.nextLine();
            long frozenToken = Long.parseLong(won.substring(4));
            frozen.signal("STOP");
            try {
                Thread.sleep(2_000); // real processes share no clock but the wall clock: wait out the 1.5 s lease
                successor.send("acquire fetch:support " + TEN_MINUTES_MS + " 0");
                String taken = successor.nextLine();
                assertTrue(taken.startsWith("WON"), "an expired lease of a frozen holder is taken over: " + taken);
                assertTrue(Long.parseLong(taken.substring(4)) > frozenToken);
            } finally {
                frozen.signal("CONT");
            }
            frozen.send("write fetch:support " + frozenToken + " 1500");
            assertEquals("FENCED", frozen.nextLine());
            frozen.send("release fetch:support " + frozenToken);
            assertEquals("RELEASED false", frozen.nextLine());
            try (Store store = db.open()) {
                assertEquals(0, (int) store.inTransaction(tx -> tx.execute(
                        "UPDATE probe_writes SET token = token WHERE pid = ?", frozen.pid())),
                        "the frozen holder committed nothing after losing its lease");
                var holder = testProcessLocks(store).list().get(0);
                assertEquals(successor.pid(), holder.row().ownerPid());
                assertEquals(LockVerdict.RUNNING, holder.verdict());
            }
        }
    }
}
