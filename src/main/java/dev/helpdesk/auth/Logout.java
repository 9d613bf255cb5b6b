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
 * the mailbox's fetch lock. Microsoft is not told: its session ends when it expires or an admin revokes it.
 */
public final class Logout {

    /** How a logout ended. */
    public sealed interface Outcome {
    }

    /** {@code existed} is false when there was no saved login to remove. */
    public record Removed(String mailbox, Path cache, boolean existed) implements Outcome {
    }

    /** A fetch of this mailbox holds its lock; nothing was removed. */
    public record Busy(String lock, String holder) implements Outcome {
    }

    private final Locks locks;
    private final UnaryOperator<String> lockName;
    private final Duration lockTtl;
    private final Path dataDir;

    public Logout(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, Path dataDir) {
        this.locks = locks;
        this.lockName = lockName;
        this.lockTtl = lockTtl;
        this.dataDir = dataDir;
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
            TokenCacheFile cache = new TokenCacheFile(dataDir, mailbox.name());
            return new Removed(mailbox.name(), cache.path(), cache.delete());
        } finally {
            locks.release(lease);
        }
    }
}
