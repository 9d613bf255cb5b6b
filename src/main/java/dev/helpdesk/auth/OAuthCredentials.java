package dev.helpdesk.auth;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.TokenSource;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.OAuth2Config;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.mail.Credential;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for Microsoft 365 mailboxes, at every connect. Delegated ({@code device}) mailboxes call
 * msal4j's {@code acquireTokenSilently} with the saved account and an authority naming the tenant exactly
 * as the cache stores it (the account's realm), so a valid cached token costs no network call and one
 * within five minutes of expiry is refreshed first; app-only
 * ({@code client-credentials}) mailboxes ask with the app's secret or certificate, cache first. The token
 * cache (a file, or a sealed row of the shared store) is read and saved by msal4j's cache aspect while the fetch
 * holds the mailbox's lease; in the shared store every save renews that lease or is refused.
 */
final class OAuthCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthCredentials.class);

    private final TokenCaches caches;
    private final MsalApps apps;
    private final Clock clock;

    OAuthCredentials(TokenCaches caches, MsalApps apps, Clock clock) {
        this.caches = caches;
        this.apps = apps;
        this.clock = clock;
    }

    /** Caches in files under {@code dataDir}. */
    OAuthCredentials(Path dataDir, MsalApps apps, Clock clock) {
        this(TokenCaches.files(dataDir), apps, clock);
    }

    /** Test seam: files under {@code dataDir} written by a writer that fails as a full disk would. */
    OAuthCredentials(Path dataDir, MsalApps apps, Clock clock, TokenCacheFile.Writer writer) {
        this(TokenCaches.files(dataDir, writer), apps, clock);
    }

    /**
     * A token for the mailbox whose lease the caller holds; {@code forceRefresh} skips the cached access token
     * (after a rejected login). A refreshed cache is saved under {@code lease}.
     */
    Credential.AccessToken tokenFor(MailboxConfig mailbox, Lease lease, boolean forceRefresh) {
        return tokenFor(mailbox, caches.of(mailbox.name(), lease), forceRefresh);
    }

    /** As the other, for caches that need no lease to be written (files): tests and probes call it. */
    Credential.AccessToken tokenFor(MailboxConfig mailbox, boolean forceRefresh) {
        return tokenFor(mailbox, caches.of(mailbox.name()), forceRefresh);
    }

    private Credential.AccessToken tokenFor(MailboxConfig mailbox, TokenCache cache, boolean forceRefresh) {
        OAuth2Config oauth = mailbox.oauth2().orElseThrow(
                () -> new IllegalArgumentException("mailbox " + mailbox.name() + " has no oauth2 block"));
        CacheAspect aspect = new CacheAspect(cache);
        IAuthenticationResult result = oauth.flow() == OAuth2Config.Flow.DEVICE
                ? delegated(mailbox, oauth, cache, aspect, forceRefresh)
                : appOnly(mailbox, oauth, cache, aspect, forceRefresh);
        // msal4j saves inside the call and the aspect rethrows a failed save; this is the belt to those braces.
        aspect.takeSaveFailure().ifPresent(failure -> {
            throw TokenFailures.translate(mailbox.name(), host(oauth), failure);
        });
        boolean fromCache = result.metadata() != null && result.metadata().tokenSource() == TokenSource.CACHE;
        LOG.info("mailbox {}: access token {}, valid until {}", mailbox.name(),
                fromCache ? "from the token cache"
                        : "refreshed at " + host(oauth) + " and saved to " + cache.location(),
                result.expiresOnDate().toInstant());
        return new Credential.AccessToken(result.accessToken());
    }

    private IAuthenticationResult delegated(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache,
            CacheAspect aspect, boolean forceRefresh) {
        Optional<String> text = cache.read();
        if (text.isEmpty()) {
            throw TokenFailures.loginRequired(mailbox.name(), "no login has been saved for it (" + cache.location()
                    + " does not exist)");
        }
        CacheContents.Account saved = parse(mailbox.name(), cache, text.get()).account().orElseThrow(
                () -> TokenFailures.loginRequired(mailbox.name(), cache.describe() + " holds no account"));
        PublicClientApplication app = apps.publicClient(oauth, aspect);
        IAccount account = await(mailbox, oauth, app.getAccounts()).stream()
                .filter(a -> a.homeAccountId().equals(saved.homeAccountId())).findFirst()
                .orElseThrow(() -> TokenFailures.loginRequired(mailbox.name(), cache.describe()
                        + " holds no account msal4j can use"));
        SilentParameters parameters = SilentParameters.builder(MsalApps.resourceScopes(oauth), account)
                .authorityUrl(MsalApps.silentAuthority(oauth, saved.realm()))
                .forceRefresh(forceRefresh)
                .build();
        try {
            IAuthenticationResult result = await(mailbox, oauth, app.acquireTokenSilently(parameters));
            cache.clearLoginRequired();
            return result;
        } catch (CredentialException e) {
            if (e.reason() == CredentialException.Reason.LOGIN_REQUIRED) {
                cache.markLoginRequired(clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\n" + e.detail());
            }
            throw e;
        } catch (MalformedURLException e) {
            throw new IllegalStateException("silent authority is not a URL", e);
        }
    }

    private IAuthenticationResult appOnly(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache,
            CacheAspect aspect, boolean forceRefresh) {
        cache.read().ifPresent(text -> parse(mailbox.name(), cache, text));
        ConfidentialClientApplication app = apps.confidentialClient(mailbox, aspect);
        ClientCredentialParameters parameters = ClientCredentialParameters
                .builder(Set.copyOf(oauth.effectiveScopes()))
                .skipCache(forceRefresh)
                .build();
        return await(mailbox, oauth, app.acquireToken(parameters));
    }

    /** A cached access token still valid for five minutes, without msal4j: dry runs neither refresh nor write. */
    Credential.AccessToken cachedTokenFor(MailboxConfig mailbox) {
        OAuth2Config oauth = mailbox.oauth2().orElseThrow();
        TokenCache cache = caches.of(mailbox.name());
        Optional<String> text = cache.read();
        if (text.isEmpty() && oauth.flow() == OAuth2Config.Flow.DEVICE) {
            throw TokenFailures.loginRequired(mailbox.name(), "no login has been saved for it (" + cache.location()
                    + " does not exist)");
        }
        return text.flatMap(t -> parse(mailbox.name(), cache, t)
                        .accessToken(oauth.clientId(), MsalApps.resourceScopeList(oauth)))
                .filter(at -> at.expiresOn().isAfter(clock.instant().plus(Duration.ofMinutes(5))))
                .map(at -> new Credential.AccessToken(at.secret()))
                .orElseThrow(() -> new CredentialException(CredentialException.Reason.UNREACHABLE,
                        "dry run: mailbox " + mailbox.name() + " has no access token valid for five more minutes,"
                                + " and a dry run does not get a new one (that would rewrite the token cache);"
                                + " the next `helpdesk fetch` will. Nothing was listed."));
    }

    private static CacheContents parse(String mailbox, TokenCache cache, String text) {
        try {
            return CacheContents.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox
                    + ": " + cache.describe() + " cannot be used: " + e.getMessage() + ". Replace it: run `"
                    + cache.replaceCommand() + "`.");
        }
    }

    private static <T> T await(MailboxConfig mailbox, OAuth2Config oauth, CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw TokenFailures.translate(mailbox.name(), host(oauth), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting an access token for " + mailbox.name(), e);
        }
    }

    static String host(OAuth2Config oauth) {
        return URI.create(MsalApps.loginAuthority(oauth)).getAuthority();
    }
}
