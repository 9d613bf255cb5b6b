package dev.helpdesk.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Threads that help a mailbox's draining thread through the independent steps of a batch (preparing a chunk's
 * messages: parse, hash, classify), while that thread works through them too. Preparing was 2.1 s of the
 * draining thread's 2.9 s of CPU in a 10,000-message drain (async-profiler), and that thread was the drain's
 * critical path: with one helper the drain took 3.4-3.7 s instead of 3.9-4.1 s (two cores).
 */
final class Helpers implements AutoCloseable {
    /**
     * Measured on two cores only, where one helper already leaves the draining thread waiting for the writer's
     * commits (0.67 s of a 3.3 s drain). The writer, one thread, bounds what more helpers can give: a few, not one
     * per core of a big machine.
     */
    private static final int MAX = 3;

    private final ExecutorService pool; // null: no helpers, the calling thread does every step
    private final int count;

    private Helpers(ExecutorService pool, int count) {
        this.pool = pool;
        this.count = count;
    }

    /** As many helpers as the machine has cores besides the calling thread's, at most {@value #MAX}. */
    static int spareCores() {
        return Math.max(0, Math.min(MAX, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** No helpers: the calling thread does every step. */
    static Helpers none() {
        return new Helpers(null, 0);
    }

    /** {@code count} helper threads (none for 0) named for the mailbox; started when first needed. */
    static Helpers start(String mailbox, int count) {
        if (count <= 0) {
            return none();
        }
        AtomicInteger started = new AtomicInteger();
        return new Helpers(Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "helpdesk-prepare-" + mailbox + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }), count);
    }

    /**
     * The outcome of one step: its value, or what it threw ({@code failure}); null for a step never started
     * because one before it failed (or, with the heap exhausted, one whose outcome could not be recorded).
     */
    record Outcome<R>(R value, Throwable failure) {
    }

    /**
     * Runs steps 0 to {@code steps - 1} on this thread and the helpers, each step once, and returns their
     * outcomes in step order. {@code starting} is called as each step starts, one at a time and in step order (a
     * test's checkpoint counts on it; what it throws is that step's outcome). Once a step fails, no later one is
     * started (those already running finish), as a loop that stops at its first failure would leave them; a
     * failure never hides the outcome of a step before it. Returns when every started step has ended, and never
     * throws what a step threw.
     */
    <R> List<Outcome<R>> run(int steps, IntConsumer starting, IntFunction<R> step) {
        Batch<R> batch = new Batch<>(steps, starting, step);
        for (int i = 0; i < Math.min(count, steps - 1); i++) {
            pool.execute(batch::work); // a helper busy with another batch leaves more to this thread: no waiting
        }
        batch.work();
        batch.awaitEnd();
        return batch.outcomes();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One call of {@link #run}: which step is next, what each returned, and how many have ended. */
    private static final class Batch<R> {
        private final IntConsumer starting;
        private final IntFunction<R> step;
        private final AtomicReferenceArray<Outcome<R>> outcomes;
        private final CountDownLatch ended;
        private int next; // guarded by this
        private int firstFailure = Integer.MAX_VALUE; // guarded by this

        Batch(int steps, IntConsumer starting, IntFunction<R> step) {
            this.starting = starting;
            this.step = step;
            this.outcomes = new AtomicReferenceArray<>(steps);
            this.ended = new CountDownLatch(steps);
        }

        void work() {
            for (int i = start(); i < outcomes.length(); i = start()) {
                try {
                    if (outcomes.get(i) == null && !skipped(i)) {
                        outcomes.set(i, new Outcome<>(step.apply(i), null));
                    }
                } catch (RuntimeException | Error e) { // out of memory included: it is this step's outcome
                    failed(i, e);
                } finally {
                    ended.countDown();
                }
            }
        }

        /** The next step, started unless a step before it failed; its index is past the end when none is left. */
        private synchronized int start() {
            int i = next++;
            if (i < outcomes.length() && i < firstFailure) {
                try {
                    starting.accept(i);
                } catch (RuntimeException | Error e) {
                    failed(i, e);
                }
            }
            return i;
        }

        private synchronized boolean skipped(int i) {
            return i > firstFailure;
        }

        private synchronized void failed(int i, Throwable failure) {
            outcomes.set(i, new Outcome<>(null, failure));
            firstFailure = Math.min(firstFailure, i);
        }

        void awaitEnd() {
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the steps started are short and use this batch's inputs: wait them out
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        List<Outcome<R>> outcomes() {
            List<Outcome<R>> inOrder = new ArrayList<>(outcomes.length());
            for (int i = 0; i < outcomes.length(); i++) {
                inOrder.add(outcomes.get(i));
            }
            return inOrder;
        }
    }
}
