package dev.helpdesk.auth;

import dev.helpdesk.lock.Lease;
import java.nio.file.Path;

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
}
