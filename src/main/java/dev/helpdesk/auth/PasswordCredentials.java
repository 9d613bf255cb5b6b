package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.Credential;

/** Credentials of password mailboxes, read from their env var or file at each connect. */
public final class PasswordCredentials implements CredentialSource {
    private final SecretReader secrets;

    public PasswordCredentials(SecretReader secrets) {
        this.secrets = secrets;
    }

    @Override
    public Credential credentialFor(MailboxConfig mailbox) {
        if (mailbox.password().isEmpty()) {
            // MailboxCredentials sends OAuth mailboxes elsewhere; reaching this is a wiring bug.
            throw new IllegalArgumentException("mailbox " + mailbox.name() + " logs in with OAuth 2.0, not a password");
        }
        return new Credential.Password(secrets.read(mailbox.name(), "password", mailbox.password().get()));
    }
}
