package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.mail.Credential;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential of any configured mailbox: its password, or an access token from its saved Microsoft 365
 * login. A rejected token gets one forced refresh, so a token revoked early (or a clock that is off) costs
 * one retry instead of the mailbox.
 */
public final class MailboxCredentials implements CredentialSource {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxCredentials.class);

    private final PasswordCredentials passwords;
    private final OAuthCredentials tokens;
    private final boolean readOnly;

    /** For fetch: tokens are refreshed when due and the token cache is saved, under the mailbox's lease. */
    public MailboxCredentials(SecretReader secrets, TokenCaches caches, Clock clock) {
        this(new PasswordCredentials(secrets), new OAuthCredentials(caches, new MsalApps(secrets), clock), false);
    }

    MailboxCredentials(PasswordCredentials passwords, OAuthCredentials tokens, boolean readOnly) {
        this.passwords = passwords;
        this.tokens = tokens;
        this.readOnly = readOnly;
    }

    /** For dry runs: only a cached access token that is still valid; no token request, no cache write. */
    public static MailboxCredentials readOnly(SecretReader secrets, TokenCaches caches, Clock clock) {
        return new MailboxCredentials(new PasswordCredentials(secrets),
                new OAuthCredentials(caches, new MsalApps(secrets), clock), true);
    }

    @Override
    public Credential credentialFor(MailboxConfig mailbox) {
        if (mailbox.oauth2().isEmpty()) {
            return passwords.credentialFor(mailbox);
        }
        return tokens.cachedTokenFor(mailbox);
    }

    @Override
    public Credential credentialFor(MailboxConfig mailbox, Lease lease) {
        if (mailbox.oauth2().isEmpty() || readOnly) {
            return credentialFor(mailbox);
        }
        return tokens.tokenFor(mailbox, lease, false);
    }

    @Override
    public Optional<Credential> afterRejection(MailboxConfig mailbox, Lease lease, Credential rejected) {
        if (mailbox.oauth2().isEmpty() || readOnly) {
            return Optional.empty();
        }
        LOG.info("mailbox {}: the IMAP server rejected the access token; forcing a refresh", mailbox.name());
        Credential fresh = tokens.tokenFor(mailbox, lease, true);
        return fresh.secret().equals(rejected.secret()) ? Optional.empty() : Optional.of(fresh);
    }
}
