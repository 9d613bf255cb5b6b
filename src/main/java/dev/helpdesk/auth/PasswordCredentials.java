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
            throw new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox.name()
                    + " logs in with OAuth 2.0, which this helpdesk version does not support yet;"
                    + " give it a password ({\"env\": \"VAR\"} or {\"file\": \"/path\"}) instead.");
        }
        return new Credential.Password(secrets.read(mailbox.name(), "password", mailbox.password().get()));
    }
}
