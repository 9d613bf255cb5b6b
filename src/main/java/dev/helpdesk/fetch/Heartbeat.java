package dev.helpdesk.fetch;

import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a mailbox's lease every lockTtl/3 while it is drained, so a chunk slower than the lease (a
 * throttled server, a big mail on a slow link) keeps its lock. When a renewal finds another token, someone
 * took the lock over: the heartbeat ends the mailbox's connection at once, so the stalled command fails now
 * and the run stops writing (its fenced commits would be refused anyway).
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService timer;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicReference<Runnable> onLoss = new AtomicReference<>(() -> {
    });

    private Heartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Heartbeat start(Locks locks, Lease lease, String mailbox) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat " + lease.name());
            thread.setDaemon(true);
            return thread;
        });
        Heartbeat beat = new Heartbeat(timer);
        long period = Math.max(100, lease.ttl().dividedBy(3).toMillis());
        timer.scheduleWithFixedDelay(() -> beat.renew(locks, lease, mailbox), period, period, TimeUnit.MILLISECONDS);
        return beat;
    }

    private void renew(Locks locks, Lease lease, String mailbox) {
        try {
            if (!locks.renew(lease)) {
                LOG.warn("mailbox {}: the lease {} was taken over; stopping this mailbox now", mailbox, lease.name());
                lost.set(true);
                onLoss.get().run();
                timer.shutdown();
            }
        } catch (RuntimeException e) {
            // A busy or failing database: the next beat tries again; the lease lasts three beats.
            LOG.warn("mailbox {}: could not renew the lease {}: {}", mailbox, lease.name(), e.getMessage());
        }
    }

    /** What to do when the lease is lost: end the mailbox's connection. */
    void onLoss(Runnable action) {
        onLoss.set(action);
        if (lost.get()) {
            action.run();
        }
    }

    /** True once a renewal found that another run holds the lock. */
    boolean lost() {
        return lost.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
