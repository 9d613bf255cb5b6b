package dev.helpdesk.copy;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.TokenCacheFiles;
import dev.helpdesk.auth.TokenKey;
import dev.helpdesk.auth.TokenKeyException;
import dev.helpdesk.auth.TokenSeal;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.CopyReport;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreCopy;
import dev.helpdesk.store.TokenCacheTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code helpdesk store copy}: a host's store (messages, conversations, ledger, quarantine, runs, and the OAuth
 * token caches it keeps as files) into an empty PostgreSQL store, so an admin who outgrows one machine keeps the
 * history and never fetches a mail twice. Every mailbox's fetch lock is held throughout, so no fetch writes behind
 * the copy's back; token caches are read under those locks too, since logins and refreshes write them under them.
 */
public final class CopyToPostgres {
    /** How a copy ended. */
    public sealed interface Outcome {
    }

    /** Copied and committed; {@code report} has both sides' counts, {@code tokenCaches} the files copied. */
    public record Copied(CopyReport report, int tokenCaches, Duration took) implements Outcome {
    }

    /** A live fetch (or login) of {@code mailbox} holds its lock; nothing was copied. */
    public record Busy(String mailbox, String lock, String holder) implements Outcome {
    }

    /** A lease ran out during the copy and another run took it over; the target was left empty. */
    public record LeaseLost(String lock) implements Outcome {
    }

    private final Locks locks;
    private final UnaryOperator<String> lockName;
    private final Duration lockTtl;
    private final Clock clock;
    private final Path dataDir;
    private final Optional<Path> tokenKey;
    private final String host;

    /**
     * @param locks the source store's locks, on a connection of their own (the copy reads on another)
     * @param dataDir the source's data directory, where its token cache files are
     * @param tokenKey the target config's key, which seals the caches for the database
     * @param host recorded as the writer of each copied token cache
     */
    public CopyToPostgres(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, Clock clock, Path dataDir,
            Optional<Path> tokenKey, String host) {
        this.locks = locks;
        this.lockName = lockName;
        this.lockTtl = lockTtl;
        this.clock = clock;
        this.dataDir = dataDir;
        this.tokenKey = tokenKey;
        this.host = host;
    }

    /**
     * Copies {@code source} into {@code target} while holding the fetch locks of {@code mailboxes}.
     *
     * @throws CopyException when a token cache cannot be read or sealed; nothing is written then
     * @throws dev.helpdesk.store.TargetNotEmptyException when the target holds rows; nothing is written then
     */
    public Outcome run(List<String> mailboxes, Store source, Store target, StoreCopy.Progress progress) {
        try (FetchLocks held = new FetchLocks(locks, lockName, lockTtl, clock)) {
            Optional<FetchLocks.Busy> busy = held.take(mailboxes);
            if (busy.isPresent()) {
                return new Busy(busy.get().mailbox(), busy.get().lock(), busy.get().holder());
            }
            Instant start = clock.instant();
            List<TokenCacheTable.Row> caches = tokenCaches(start);
            CopyReport report = new StoreCopy(source, target).copy(caches, (table, rows, of) -> {
                held.renewWhenDue();
                progress.copied(table, rows, of);
            });
            return new Copied(report, caches.size(), Duration.between(start, clock.instant()));
        } catch (FetchLocks.TakenOver e) {
            return new LeaseLost(e.getMessage());
        }
    }

    /** The cache files, each sealed for its mailbox with the target's key; the key is needed only if there is one. */
    private List<TokenCacheTable.Row> tokenCaches(Instant now) {
        List<TokenCacheFiles.Found> found;
        try {
            found = new TokenCacheFiles(dataDir).read();
        } catch (CredentialException e) {
            throw new CopyException(e.getMessage() + " Nothing was copied.");
        }
        Optional<TokenCacheFiles.Found> cache = found.stream().filter(f -> f.cache().isPresent()).findFirst();
        if (cache.isEmpty()) {
            return found.stream().map(f -> row(f, Optional.empty(), now)).toList();
        }
        TokenSeal seal = new TokenSeal(loadKey(cache.get()));
        return found.stream().map(f -> row(f, f.cache().map(json -> seal.seal(f.mailbox(),
                json.getBytes(StandardCharsets.UTF_8))), now)).toList();
    }

    private TokenKey loadKey(TokenCacheFiles.Found cache) {
        Path file = tokenKey.orElseThrow(() -> new CopyException("mailbox " + cache.mailbox() + " has a token cache"
                + " (" + cache.file() + "), and the target config has no \"tokenKey\" to encrypt it with for the"
                + " database. Add \"tokenKey\": {\"file\": \"/etc/helpdesk/token.key\"} to it (create the file with"
                + " `head -c 32 /dev/urandom | base64 > /etc/helpdesk/token.key && chmod 600 /etc/helpdesk/token.key`"
                + " and copy it to every host), or remove the cache if that mailbox is gone. Nothing was copied."));
        try {
            return TokenKey.load(file);
        } catch (TokenKeyException e) {
            throw new CopyException(e.getMessage() + " (the target config's \"tokenKey\"). Nothing was copied.");
        }
    }

    private TokenCacheTable.Row row(TokenCacheFiles.Found found, Optional<byte[]> sealed, Instant now) {
        return new TokenCacheTable.Row(found.mailbox(), sealed, found.loginRequired(), now, host);
    }
}
