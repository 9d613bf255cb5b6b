package dev.helpdesk.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.OAuth2Config;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.lock.Locks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code helpdesk auth login}: signs a mailbox in once and saves its token cache. A {@code device} mailbox
 * runs the device-code flow (Microsoft's message with the URL and code goes to the admin, then it waits);
 * a {@code client-credentials} mailbox gets a first token with the app's credential, which proves the setup.
 * The new cache replaces the old one as a whole while the mailbox's fetch lock is held, so no fetch reads a
 * half-written cache or writes an old one back; in the shared store the save renews that lease, so a login
 * works from any host.
 */
public final class Login {
    // Microsoft's device codes live 15 minutes; the lease must outlast the wait for the person.
    private static final Duration DEVICE_FLOW_LEASE = Duration.ofMinutes(20);

    /** How a login ended. */
    public sealed interface Outcome {
    }

    /**
     * Saved: who is signed in, and until when the first access token lasts.
     *
     * @param cache where the cache was saved: the file's path, or "the token cache of mailbox X in the database"
     */
    public record LoggedIn(String mailbox, OAuth2Config.Flow flow, String account, Optional<String> tenantId,
            Instant accessTokenExpires, String cache, Optional<String> note) implements Outcome {
    }

    /** A fetch of this mailbox holds its lock; nothing was asked of Microsoft. */
    public record Busy(String lock, String holder) implements Outcome {
    }

    private final Locks locks;
    private final UnaryOperator<String> lockName;
    private final Duration lockTtl;
    private final TokenCaches caches;
    private final MsalApps apps;

    public Login(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, TokenCaches caches,
            SecretReader secrets) {
        this(locks, lockName, lockTtl, caches, new MsalApps(secrets));
    }

    Login(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, TokenCaches caches, MsalApps apps) {
        this.locks = locks;
        this.lockName = lockName;
        this.lockTtl = lockTtl;
        this.caches = caches;
        this.apps = apps;
    }

    /** Caches in files under {@code dataDir}. */
    Login(Locks locks, UnaryOperator<String> lockName, Duration lockTtl, Path dataDir, MsalApps apps) {
        this(locks, lockName, lockTtl, TokenCaches.files(dataDir), apps);
    }

    /**
     * Signs the mailbox in; {@code instructions} receives Microsoft's sign-in message for the person.
     *
     * @throws CredentialException LOGIN_REQUIRED when the sign-in was declined or not completed in time,
     *     MISCONFIGURED when Microsoft refused the app or the cache cannot be saved
     */
    public Outcome run(MailboxConfig mailbox, Consumer<String> instructions) {
        OAuth2Config oauth = mailbox.oauth2().orElseThrow(() -> new IllegalArgumentException(
                "mailbox " + mailbox.name() + " logs in with a password, not OAuth 2.0"));
        String name = lockName.apply(mailbox.name());
        Duration ttl = oauth.flow() == OAuth2Config.Flow.DEVICE && DEVICE_FLOW_LEASE.compareTo(lockTtl) > 0
                ? DEVICE_FLOW_LEASE : lockTtl;
        AcquireResult acquired = locks.acquire(name, ttl);
        if (acquired instanceof AcquireResult.Busy busy) {
            return new Busy(name, busy.holder().holder());
        }
        Lease lease = ((AcquireResult.Acquired) acquired).lease();
        try {
            TokenCache cache = caches.of(mailbox.name(), lease);
            return oauth.flow() == OAuth2Config.Flow.DEVICE
                    ? device(mailbox, oauth, cache, instructions)
                    : appOnly(mailbox, oauth, cache);
        } finally {
            locks.release(lease);
        }
    }

    private LoggedIn device(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache,
            Consumer<String> instructions) {
        // In memory first: a login replaces the whole cache, so a previous account cannot linger in it.
        PublicClientApplication app = apps.publicClient(oauth, null);
        DeviceCodeFlowParameters parameters = DeviceCodeFlowParameters
                .builder(Set.copyOf(oauth.effectiveScopes()), code -> instructions.accept(code.message()))
                .build();
        IAuthenticationResult result = await(mailbox, oauth, app.acquireToken(parameters));
        save(mailbox, oauth, cache, app.tokenCache().serialize());
        String account = result.account() == null ? "unknown account" : result.account().username();
        Optional<String> tenant = CacheContents.parse(app.tokenCache().serialize()).account()
                .map(CacheContents.Account::tenantId);
        Optional<String> note = account.equalsIgnoreCase(mailbox.username()) ? Optional.empty()
                : Optional.of("signed in as " + account + ", but the mailbox logs in to IMAP as " + mailbox.username()
                        + "; that works only if " + account + " has Full Access to that mailbox.");
        return new LoggedIn(mailbox.name(), oauth.flow(), account, tenant, result.expiresOnDate().toInstant(),
                cache.location(), note);
    }

    private LoggedIn appOnly(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache) {
        ConfidentialClientApplication app = apps.confidentialClient(mailbox, null);
        ClientCredentialParameters parameters = ClientCredentialParameters
                .builder(Set.copyOf(oauth.effectiveScopes())).skipCache(true).build();
        IAuthenticationResult result = await(mailbox, oauth, app.acquireToken(parameters));
        save(mailbox, oauth, cache, app.tokenCache().serialize());
        return new LoggedIn(mailbox.name(), oauth.flow(), "the app registration " + oauth.clientId() + " (app-only)",
                Optional.empty(), result.expiresOnDate().toInstant(), cache.location(), Optional.empty());
    }

    private static void save(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache, String serialized) {
        try {
            cache.write(serialized);
        } catch (TokenCacheFile.SaveFailed e) {
            throw TokenFailures.translate(mailbox.name(), OAuthCredentials.host(oauth), e);
        }
        cache.clearLoginRequired();
    }

    private static <T> T await(MailboxConfig mailbox, OAuth2Config oauth, CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            MsalException msal = TokenFailures.find(e, MsalException.class);
            String code = msal == null || msal.errorCode() == null ? "" : msal.errorCode().toLowerCase(Locale.ROOT);
            if (code.equals("code_expired") || code.equals("expired_token")) {
                throw TokenFailures.loginRequired(mailbox.name(), "the code expired before the sign-in was"
                        + " completed (" + TokenFailures.describe(msal) + ")");
            }
            if (code.equals("authorization_declined") || code.equals("access_denied")) {
                throw TokenFailures.loginRequired(mailbox.name(), "the sign-in was declined ("
                        + TokenFailures.describe(msal) + ")");
            }
            throw TokenFailures.translate(mailbox.name(), OAuthCredentials.host(oauth), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in mailbox " + mailbox.name(), e);
        }
    }
}
