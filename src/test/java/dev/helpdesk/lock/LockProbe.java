package dev.helpdesk.lock;

import dev.helpdesk.store.Store;
import dev.helpdesk.testing.StoreEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A child JVM for the lock tests: real processes, a real store (argument: {@link StoreEngine.TestStore#argument()}),
 * driven line by line over stdin so a
 * test can make eight of them race, freeze one with SIGSTOP, or kill one with SIGKILL.
 *
 * <p>Commands: {@code acquire NAME TTL_MS AT_EPOCH_MS}, {@code write NAME TOKEN TTL_MS} (a probe
 * row plus the fenced renewal in one transaction), {@code release NAME TOKEN}, {@code exit}.
 */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(StoreEngine.TestStore.parse(args[0]), "probe")) {
            store.inTransaction(tx -> tx.execute("CREATE TABLE IF NOT EXISTS probe_writes (pid INTEGER, token INTEGER)"));
            Locks locks = new Locks(store, store.leaseClock(Clock.systemUTC()), new SystemProcesses(),
                    ProcessIdentity.current("test-host", "lock-probe"));
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] word = line.split(" ");
                switch (word[0]) {
                    case "acquire" -> {
                        long at = Long.parseLong(word[3]);
                        while (System.currentTimeMillis() < at) {
                            Thread.onSpinWait();
                        }
                        AcquireResult result = locks.acquire(word[1], Duration.ofMillis(Long.parseLong(word[2])));
                        System.out.println(result instanceof AcquireResult.Acquired won
                                ? "WON " + won.lease().token()
                                : "BUSY " + ((AcquireResult.Busy) result).holder().row().ownerPid());
                    }
                    case "write" -> {
                        Lease lease = new Lease(word[1], Long.parseLong(word[2]), Duration.ofMillis(Long.parseLong(word[3])));
                        boolean renewed;
                        try {
                            renewed = store.inTransaction(tx -> {
                                tx.execute("INSERT INTO probe_writes (pid, token) VALUES (?, ?)",
                                        ProcessHandle.current().pid(), lease.token());
                                if (!locks.renew(tx, lease)) {
                                    throw new IllegalStateException("fenced");
                                }
                                return true;
                            });
                        } catch (IllegalStateException fenced) {
                            renewed = false;
                        }
                        System.out.println(renewed ? "RENEWED" : "FENCED");
                    }
                    case "release" -> System.out.println("RELEASED " + locks.release(
                            new Lease(word[1], Long.parseLong(word[2]), Duration.ofMinutes(1))));
                    case "exit" -> {
                        return;
                    }
                    default -> System.out.println("UNKNOWN " + line + " at " + Instant.now());
                }
                System.out.flush();
            }
        }
    }
}
