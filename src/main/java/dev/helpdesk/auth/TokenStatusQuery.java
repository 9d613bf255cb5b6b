package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.OAuth2Config;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads every OAuth mailbox's token cache and judges it; never asks Microsoft, never writes. */
public final class TokenStatusQuery {
    // msal4j refreshes an access token this long before it expires.
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final TokenCaches caches;
    private final Clock clock;

    public TokenStatusQuery(TokenCaches caches, Clock clock) {
        this.caches = caches;
        this.clock = clock;
    }

    /** Caches in files under {@code dataDir}. */
    public TokenStatusQuery(Path dataDir, Clock clock) {
        this(TokenCaches.files(dataDir), clock);
    }

    /** One status per mailbox that has an {@code oauth2} block, in config order. */
    public List<TokenStatus> of(List<MailboxConfig> mailboxes) {
        return mailboxes.stream().filter(m -> m.oauth2().isPresent()).map(this::of).toList();
    }

    private TokenStatus of(MailboxConfig mailbox) {
        OAuth2Config oauth = mailbox.oauth2().orElseThrow();
        TokenCache cache = caches.of(mailbox.name());
        String login = "helpdesk auth login --mailbox " + mailbox.name();
        Optional<String> text;
        CacheContents contents;
        try {
            text = cache.read();
            contents = text.map(CacheContents::parse).orElse(new CacheContents(List.of(), List.of(), List.of()));
        } catch (CredentialException e) {
            if (e.reason() != CredentialException.Reason.MISCONFIGURED) {
                throw e;
            }
            return refused(mailbox, oauth, cache, e.getMessage(), cache.refusedFix());
        } catch (IllegalArgumentException e) {
            return refused(mailbox, oauth, cache, "the token cache cannot be used: " + e.getMessage(),
                    cache.replaceCommand());
        }
        Instant now = clock.instant();
        boolean device = oauth.flow() == OAuth2Config.Flow.DEVICE;
        Optional<CacheContents.Account> account = contents.account();
        Optional<CacheContents.AccessToken> token =
                contents.accessToken(oauth.clientId(), MsalApps.resourceScopeList(oauth));
        boolean refreshToken = contents.hasRefreshToken(oauth.clientId());
        Optional<Instant> lastRefreshed = contents.accessTokens().stream().map(CacheContents.AccessToken::cachedAt)
                .max(Instant::compareTo);
        Optional<String> refused = device ? cache.loginRequired() : Optional.empty();

        TokenStatus.Verdict verdict;
        Optional<String> detail = Optional.empty();
        Optional<String> next = Optional.empty();
        if (device && text.isEmpty()) {
            verdict = TokenStatus.Verdict.LOGIN_REQUIRED;
            detail = Optional.of("no login saved (" + cache.location() + " does not exist)");
            next = Optional.of(login);
        } else if (refused.isPresent()) {
            verdict = TokenStatus.Verdict.LOGIN_REQUIRED;
            String[] note = refused.get().split("\n", 2);
            detail = Optional.of((note.length > 1 ? note[1] : "login refused") + ", at " + note[0]);
            next = Optional.of(login);
        } else if (device && (account.isEmpty() || !refreshToken)) {
            verdict = TokenStatus.Verdict.LOGIN_REQUIRED;
            detail = Optional.of("the token cache holds no " + (account.isEmpty() ? "account" : "refresh token"));
            next = Optional.of(login);
        } else if (token.isPresent() && token.get().expiresOn().isAfter(now.plus(REFRESH_MARGIN))) {
            verdict = TokenStatus.Verdict.OK;
        } else {
            verdict = TokenStatus.Verdict.REFRESHES_ON_NEXT_RUN;
            detail = Optional.of(device ? "the next fetch uses the refresh token"
                    : "the next fetch asks for a new token with the app's credential");
        }
        return new TokenStatus(mailbox.name(), oauth.flow(),
                device ? account.map(CacheContents.Account::username) : Optional.of("app-only (client " + oauth.clientId() + ")"),
                account.map(CacheContents.Account::tenantId), token.map(CacheContents.AccessToken::expiresOn),
                refreshToken, lastRefreshed, verdict, detail, next, cache.location());
    }

    private static TokenStatus refused(MailboxConfig mailbox, OAuth2Config oauth, TokenCache cache, String why,
            String next) {
        return new TokenStatus(mailbox.name(), oauth.flow(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.empty(), TokenStatus.Verdict.CACHE_REFUSED, Optional.of(why), Optional.of(next),
                cache.location());
    }
}
