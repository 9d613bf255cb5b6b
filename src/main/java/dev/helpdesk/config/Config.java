package dev.helpdesk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated configuration: where data lives, how long a lock lease lasts, the per-run
 * limits, the mailboxes (at least one, names unique) and how long the run history is kept.
 *
 * @param source the file it was loaded from
 * @param dataDir database, token caches and attachments live here; always absolute when loaded
 * @param runRetention runs older than this are pruned at the end of each fetch
 * @param postgres the shared PostgreSQL store; when empty, the store is a SQLite file in dataDir
 * @param tokenKey the key file that encrypts OAuth token caches kept in the PostgreSQL store
 */
public record Config(
        Path source, Path dataDir, Duration lockTtl, Limits limits, List<MailboxConfig> mailboxes,
        Duration runRetention, Optional<PostgresConfig> postgres, Optional<Path> tokenKey) {

    static final Duration DEFAULT_LOCK_TTL = Duration.ofMinutes(10);
    static final Duration DEFAULT_RUN_RETENTION = Duration.ofDays(30);

    public Config {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(lockTtl, "lockTtl");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(runRetention, "runRetention");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(tokenKey, "tokenKey");
        mailboxes = List.copyOf(mailboxes);
        if (lockTtl.isNegative() || lockTtl.isZero()) {
            throw new IllegalArgumentException("lockTtl must be above zero: " + lockTtl);
        }
        if (runRetention.isNegative() || runRetention.isZero()) {
            throw new IllegalArgumentException("runRetention must be above zero: " + runRetention);
        }
        if (mailboxes.isEmpty()) {
            throw new IllegalArgumentException("expected at least one mailbox");
        }
        var names = new HashSet<String>();
        for (MailboxConfig mailbox : mailboxes) {
            if (!names.add(mailbox.name())) {
                throw new IllegalArgumentException("mailbox name used twice: " + mailbox.name());
            }
        }
    }

    /** The store of a single host, a SQLite file in dataDir and nothing else. */
    public Config(Path source, Path dataDir, Duration lockTtl, Limits limits, List<MailboxConfig> mailboxes,
            Duration runRetention) {
        this(source, dataDir, lockTtl, limits, mailboxes, runRetention, Optional.empty(), Optional.empty());
    }

    /** The mailbox with this configured name, if there is one. */
    public Optional<MailboxConfig> mailbox(String name) {
        return mailboxes.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
