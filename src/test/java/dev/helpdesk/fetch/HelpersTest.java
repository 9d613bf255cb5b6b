package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HelpersTest {

    @Test
    void everyStepRunsOnceAndOutcomesComeBackInStepOrder() {
        try (Helpers helpers = Helpers.start("t", 3)) {
            AtomicInteger calls = new AtomicInteger();
            List<Helpers.Outcome<Integer>> outcomes = helpers.run(500, i -> { }, i -> {
                calls.incrementAndGet();
                busy(20_000);
                return i * i;
            });
            assertEquals(500, calls.get());
            assertEquals(IntStream.range(0, 500).map(i -> i * i).boxed().toList(),
                    outcomes.stream().map(Helpers.Outcome::value).toList());
        }
    }

    /**
     * Each helper's step waits until the calling thread has run one of its own, so the helpers cannot finish the
     * batch first however the threads are scheduled (a timed version of this test failed once on a loaded CI
     * machine, the three helpers having done all 500 steps before the caller's first).
     */
    @Test
    void theCallingThreadWorksToo() {
        try (Helpers helpers = Helpers.start("t", 3)) {
            Thread caller = Thread.currentThread();
            CountDownLatch callerWorked = new CountDownLatch(1);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            helpers.run(20, i -> { }, i -> {
                threads.add(Thread.currentThread().getName());
                if (Thread.currentThread() == caller) {
                    callerWorked.countDown();
                } else {
                    awaitAtMost(callerWorked, 10);
                }
                return i;
            });
            assertEquals(0, callerWorked.getCount(), "the calling thread works too: " + threads);
        }
    }

    @Test
    void stepsStartOneAtATimeInStepOrder() {
        try (Helpers helpers = Helpers.start("t", 3)) {
            List<Integer> started = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostInside = new AtomicInteger();
            helpers.run(300, i -> {
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                busy(2_000);
                started.add(i);
                inside.decrementAndGet();
            }, i -> {
                busy(5_000);
                return i;
            });
            assertEquals(IntStream.range(0, 300).boxed().toList(), started);
            assertEquals(1, mostInside.get());
        }
    }

    @Test
    void aFailureIsItsStepsOutcomeEveryStepBeforeItHasItsValueAndNoneAfterItStartsAlone() {
        OutOfMemoryError heap = new OutOfMemoryError("injected");
        try (Helpers alone = Helpers.start("t", 0)) {
            List<Helpers.Outcome<Integer>> outcomes = alone.run(6, i -> { }, i -> {
                if (i == 3) {
                    throw heap;
                }
                return i;
            });
            assertEquals(List.of(0, 1, 2), outcomes.subList(0, 3).stream().map(Helpers.Outcome::value).toList());
            assertSame(heap, outcomes.get(3).failure());
            assertNull(outcomes.get(4), "not started after the failure");
            assertNull(outcomes.get(5));
        }
        try (Helpers helpers = Helpers.start("t", 3)) {
            for (int round = 0; round < 50; round++) {
                int failing = round % 20;
                List<Helpers.Outcome<Integer>> outcomes = helpers.run(20, i -> { }, i -> {
                    busy(3_000);
                    if (i == failing) {
                        throw new IllegalStateException("step " + i);
                    }
                    return i;
                });
                for (int i = 0; i < failing; i++) {
                    assertEquals(i, outcomes.get(i).value(), "round " + round + ", step " + i);
                }
                assertEquals("step " + failing, outcomes.get(failing).failure().getMessage());
            }
        }
    }

    @Test
    void whatStartingThrowsFailsThatStepWithoutRunningIt() {
        try (Helpers helpers = Helpers.start("t", 2)) {
            Set<Integer> ran = ConcurrentHashMap.newKeySet();
            RuntimeException refused = new IllegalStateException("injected at the start of step 4");
            List<Helpers.Outcome<Integer>> outcomes = helpers.run(10, i -> {
                if (i == 4) {
                    throw refused;
                }
            }, i -> {
                ran.add(i);
                return i;
            });
            assertSame(refused, outcomes.get(4).failure());
            assertTrue(!ran.contains(4) && ran.containsAll(Set.of(0, 1, 2, 3)), ran.toString());
            assertTrue(ran.stream().allMatch(i -> i < 4), "none started after it: " + ran);
        }
    }

    @Test
    void helpersBusyWithAnotherBatchLeaveTheWholeBatchToTheCallerWithoutWaiting() throws Exception {
        try (Helpers helpers = Helpers.start("t", 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch bothBlocked = new CountDownLatch(2);
            Thread other = new Thread(() -> helpers.run(2, i -> { }, i -> {
                bothBlocked.countDown();
                await(release);
                return i;
            }));
            other.start();
            assertTrue(bothBlocked.await(10, TimeUnit.SECONDS), "the other batch holds its thread and the helper");

            List<Helpers.Outcome<Integer>> outcomes = helpers.run(5, i -> { }, i -> i);

            assertEquals(List.of(0, 1, 2, 3, 4), outcomes.stream().map(Helpers.Outcome::value).toList());
            assertEquals(1, release.getCount(), "done while the helper was still busy elsewhere");
            release.countDown();
            other.join(10_000);
        }
    }

    private static void busy(int iterations) {
        long x = 0;
        for (int i = 0; i < iterations; i++) {
            x += i ^ (x >>> 3);
        }
        if (x == 42) {
            Thread.yield();
        }
    }

    private static void awaitAtMost(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
