package dev.helpdesk.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.HostIdentity;
import dev.helpdesk.lock.LockStatus;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy's fetch locks on a real SQLite store: all or none, renewed while the copy runs, given back. */
class FetchLocksTest {
    private static final Duration TTL = Duration.ofMinutes(9);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T03:00:00Z"));

    private Locks locksOf(Store store, long pid) {
        return new Locks(store, clock, holder -> false, new ProcessIdentity(pid, new HostIdentity("other-host",
                Optional.empty()), OptionalLong.empty(), Optional.empty(), "helpdesk fetch"));
    }

    private FetchLocks fetchLocks(Store store) {
        return new FetchLocks(locksOf(store, 1), mailbox -> "fetch:" + mailbox, TTL, clock);
    }

    private static Map<String, LockStatus> held(Locks locks) {
        return locks.list().stream().collect(Collectors.toMap(s -> s.row().name(), Function.identity()));
    }

    @Test
    void aBusyMailboxGivesBackTheLocksAlreadyTaken() {
        try (Store store = new DataDir(dir).openStore("test")) {
            locksOf(store, 2).acquire("fetch:sales", TTL);
            FetchLocks locks = fetchLocks(store);
            Optional<FetchLocks.Busy> busy = locks.take(List.of("support", "sales", "office"));
            assertEquals("sales", busy.orElseThrow().mailbox());
            assertEquals("fetch:sales", busy.get().lock());
            assertTrue(busy.get().holder().startsWith("PID 2 on other-host"), busy.get().holder());
            assertEquals(List.of("fetch:sales"), List.copyOf(held(locksOf(store, 3)).keySet()));
        }
    }

    @Test
    void renewsEveryLeaseOnceAThirdOfItsTimeHasPassedAndGivesThemBack() {
        try (Store store = new DataDir(dir).openStore("test")) {
            FetchLocks locks = fetchLocks(store);
            assertEquals(Optional.empty(), locks.take(List.of("support", "sales")));
            Instant firstExpiry = held(locksOf(store, 3)).get("fetch:support").row().expiresAt();
            clock.advance(Duration.ofMinutes(2));
            locks.renewWhenDue();
            assertEquals(firstExpiry, held(locksOf(store, 3)).get("fetch:support").row().expiresAt(), "not due yet");
            clock.advance(Duration.ofMinutes(1));
            locks.renewWhenDue();
            assertEquals(clock.instant().plus(TTL), held(locksOf(store, 3)).get("fetch:sales").row().expiresAt());
            locks.close();
            assertEquals(Map.of(), held(locksOf(store, 3)));
        }
    }

    @Test
    void aLeaseTakenOverStopsTheWork() {
        try (Store store = new DataDir(dir).openStore("test")) {
            FetchLocks locks = fetchLocks(store);
            locks.take(List.of("support"));
            clock.advance(TTL.plusMinutes(1)); // a copy that stalled past its lease
            assertTrue(locksOf(store, 2).acquire("fetch:support", TTL) instanceof AcquireResult.Acquired);
            FetchLocks.TakenOver lost = assertThrows(FetchLocks.TakenOver.class, locks::renewWhenDue);
            assertEquals("fetch:support", lost.getMessage());
            locks.close();
            assertEquals(List.of("fetch:support"), List.copyOf(held(locksOf(store, 3)).keySet()), "the new holder's");
        }
    }
}
