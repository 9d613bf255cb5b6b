package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.Credential;

/** Gives the credential to log in to a mailbox with: a password, or (later) a fresh OAuth token. */
@FunctionalInterface
public interface CredentialSource {

    /** Throws CredentialException when the mailbox cannot be logged in to as configured. */
    Credential credentialFor(MailboxConfig mailbox);
}
