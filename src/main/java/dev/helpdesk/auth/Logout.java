package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * {@code helpdesk auth logout}: removes a mailbox's token cache (and its login-required note) while holding
 * the mailbox's fetch lock; in the shared store the removal renews that lease, so it works from any host.
 * Microsoft is not told: its session ends when it expires or an admin revokes it.
 */
public final class Logout {

    /** How a logout ended. */
    public sealed interface Outcome {
    }

    /**
     * {@code existed} is false when there was no saved login to remove.
     *
     * @param cache where it was kept: the file's path, or "the token cache of mailbox X in the database"
     */
    public record Removed(String mailbox, String cache, boolean existed) implements Outcome {
    }

    /** A fetch of this mailbox holds its lock; nothing was removed. */
    public record Busy(String lock, String holder) implements Outcome {
    }

    private final Locks locks;
    private final UnaryOperator<String> lockName;
    private final Duration lockTtl;
    private final TokenCaches caches;

    public Logout(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, TokenCaches caches) {
        this.locks = locks;
        this.lockName = lockName;
        this.lockTtl = lockTtl;
        this.caches = caches;
    }

    /** Caches in files under {@code dataDir}. */
    Logout(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, Path dataDir) {
        this(locks, lockName, lockTtl, TokenCaches.files(dataDir));
    }

    public Outcome run(MailboxConfig mailbox) {
        if (mailbox.oauth2().isEmpty()) {
            throw new IllegalArgumentException("mailbox " + mailbox.name() + " logs in with a password, not OAuth 2.0");
        }
        String name = lockName.apply(mailbox.name());
        AcquireResult acquired = locks.acquire(name, lockTtl);
        if (acquired instanceof AcquireResult.Busy busy) {
            return new Busy(name, busy.holder().holder());
        }
        Lease lease = ((AcquireResult.Acquired) acquired).lease();
        try {
            TokenCache cache = caches.of(mailbox.name(), lease);
            return new Removed(mailbox.name(), cache.location(), cache.delete());
        } finally {
            locks.release(lease);
        }
    }
}
