package dev.helpdesk.auth;

import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Where the OAuth mailboxes' token caches are kept: a private file each under dataDir (one host, SQLite), or
 * sealed rows of the shared PostgreSQL store, so that a refresh token rotated on one host is the one every host
 * uses next. Built once per run by the wiring; {@link OAuthCredentials}, {@link Login}, {@link Logout} and
 * {@link TokenStatusQuery} open one mailbox's cache through it.
 */
public abstract class TokenCaches {

    TokenCaches() {
    }

    /** One mailbox's cache for a caller holding no lease: it reads; only a file also takes writes. */
    abstract TokenCache of(String mailbox);

    /** One mailbox's cache for the holder of the mailbox's lease: in the database each write renews it. */
    abstract TokenCache of(String mailbox, Lease lease);

    /** {@code <dataDir>/tokens/<mailbox>.json}, mode 0600. */
    public static TokenCaches files(Path dataDir) {
        return files(dataDir, TokenCacheFile::atomicWrite);
    }

    /** Test seam: a writer that fails as a full disk would. */
    static TokenCaches files(Path dataDir, TokenCacheFile.Writer writer) {
        return new TokenCaches() {
            @Override
            TokenCache of(String mailbox) {
                return new TokenCacheFile(dataDir, mailbox, writer);
            }

            // A file is written while the lock is held, and nothing in it can be fenced: the lease is not needed.
            @Override
            TokenCache of(String mailbox, Lease lease) {
                return of(mailbox);
            }
        };
    }

    /**
     * Rows of the store's token_caches table, sealed with {@code seal}. Each write is one transaction with the
     * fenced renewal of the mailbox's lease through {@code locks}; {@code clock} stamps the rows and
     * {@code host} names this host in them.
     */
    public static TokenCaches database(Store store, Locks locks, TokenSeal seal, Clock clock, String host) {
        return new TokenCaches() {
            @Override
            TokenCache of(String mailbox) {
                return new DatabaseTokenCache(store, locks, seal, clock, host, mailbox, Optional.empty());
            }

            @Override
            TokenCache of(String mailbox, Lease lease) {
                return new DatabaseTokenCache(store, locks, seal, clock, host, mailbox, Optional.of(lease));
            }
        };
    }

    /**
     * For a shared store whose config names no token key: the config is refused when a mailbox uses OAuth there,
     * so no cache is ever opened, and opening one is a bug.
     */
    public static TokenCaches none() {
        return new TokenCaches() {
            @Override
            TokenCache of(String mailbox) {
                throw new IllegalStateException("mailbox " + mailbox + " has a token cache, yet the config names no"
                        + " tokenKey for the shared store (the config check should have refused it)");
            }

            @Override
            TokenCache of(String mailbox, Lease lease) {
                return of(mailbox);
            }
        };
    }
}
