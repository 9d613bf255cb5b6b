package dev.helpdesk.auth;

import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.StoreException;
import dev.helpdesk.store.TokenCacheTable;
import dev.helpdesk.store.TxWork;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * One mailbox's token cache in the shared store: a row of token_caches whose cache is sealed with the token key
 * ({@link TokenSeal}, bound to the mailbox name), so the database never holds a token in the clear.
 *
 * <p>Reads need no lease. Every write, of the cache or of the login-required note, is one transaction that
 * first renews the mailbox's lease, fenced by its token: when another run took the lock over, nothing is
 * written and the write fails with LEASE_LOST, so a run that lost its lease can never put an older cache back
 * over the one the new holder saved.
 */
final class DatabaseTokenCache implements TokenCache {
    private final Store store;
    private final Locks locks;
    private final TokenSeal seal;
    private final Clock clock;
    private final String host;
    private final String mailbox;
    private final Optional<Lease> lease;

    DatabaseTokenCache(Store store, Locks locks, TokenSeal seal, Clock clock, String host, String mailbox,
            Optional<Lease> lease) {
        this.store = store;
        this.locks = locks;
        this.seal = seal;
        this.clock = clock;
        this.host = host;
        this.mailbox = mailbox;
        this.lease = lease;
    }

    @Override
    public Optional<String> read() {
        return row().flatMap(TokenCacheTable.Row::sealed)
                .map(sealed -> new String(seal.open(mailbox, sealed), StandardCharsets.UTF_8));
    }

    @Override
    public void write(String content) {
        byte[] sealed = seal.seal(mailbox, content.getBytes(StandardCharsets.UTF_8));
        fenced("saved", tx -> {
            tx.tokenCaches().putSealed(mailbox, sealed, clock.instant(), host);
            return null;
        });
    }

    @Override
    public boolean delete() {
        return fenced("removed", tx -> {
            boolean hadCache = tx.tokenCaches().find(mailbox).flatMap(TokenCacheTable.Row::sealed).isPresent();
            tx.tokenCaches().delete(mailbox);
            return hadCache;
        });
    }

    @Override
    public Optional<String> loginRequired() {
        return row().flatMap(TokenCacheTable.Row::loginRequired);
    }

    @Override
    public void markLoginRequired(String why) {
        fenced("marked as needing a login", tx -> {
            tx.tokenCaches().putLoginRequired(mailbox, Optional.of(why), clock.instant(), host);
            return null;
        });
    }

    @Override
    public void clearLoginRequired() {
        // Every successful token call clears the note: looked at first, so that it costs no write transaction.
        if (loginRequired().isEmpty()) {
            return;
        }
        fenced("cleared of its login-required note", tx -> {
            tx.tokenCaches().putLoginRequired(mailbox, Optional.empty(), clock.instant(), host);
            return null;
        });
    }

    @Override
    public String location() {
        return "the token cache of mailbox " + mailbox + " in the database";
    }

    @Override
    public String describe() {
        return location();
    }

    @Override
    public String refusedFix() {
        return "helpdesk auth login --mailbox " + mailbox;
    }

    @Override
    public String replaceCommand() {
        return "helpdesk auth login --mailbox " + mailbox;
    }

    private Optional<TokenCacheTable.Row> row() {
        try {
            return store.read(tx -> tx.tokenCaches().find(mailbox));
        } catch (StoreException e) {
            throw unreachable("read", e);
        }
    }

    /** The work in one transaction with the fenced renewal of the lease, or nothing at all. */
    private <T> T fenced(String done, TxWork<T> work) {
        Lease held = lease.orElseThrow(() -> new IllegalStateException(location() + " was to be " + done
                + " by a caller that holds no lease on the mailbox"));
        try {
            return store.inTransaction(tx -> {
                if (!locks.renew(tx, held)) {
                    throw leaseLost(done);
                }
                return work.run(tx);
            });
        } catch (StoreException e) {
            throw unreachable(done, e);
        }
    }

    private CredentialException leaseLost(String done) {
        return new CredentialException(CredentialException.Reason.LEASE_LOST, location() + " was not " + done
                + ": another run took the lock " + lease.orElseThrow().name() + " over (this run's lease had"
                + " expired), so nothing was written" + unused(done, " (the new tokens were not used)")
                + " and this run stopped. The run holding the lock now carries on; if runs regularly outlast"
                + " lockTtl, raise lockTtl.", "another run took the lock over");
    }

    private CredentialException unreachable(String done, StoreException e) {
        return new CredentialException(CredentialException.Reason.UNREACHABLE, location() + " could not be " + done
                + " (" + e.getMessage() + ")" + unused(done, ", so the new tokens were not used") + ". The next run"
                + " tries again; check that the database is reachable.", "the database could not be reached");
    }

    /** Only a failed save withholds tokens; the note and a logout carry none. */
    private static String unused(String done, String words) {
        return done.equals("saved") ? words : "";
    }
}
