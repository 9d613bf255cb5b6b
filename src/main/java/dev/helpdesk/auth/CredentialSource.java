package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.Credential;
import java.util.Optional;

/** Gives the credential to log in to a mailbox with: a password, or a fresh OAuth access token. */
public interface CredentialSource {

    /** Throws CredentialException when the mailbox cannot be logged in to as configured. */
    Credential credentialFor(MailboxConfig mailbox);

    /**
     * After the server rejected {@code rejected}: a new credential worth one more try (a forcibly
     * refreshed token), or empty when retrying cannot help (a password is what it is).
     */
    default Optional<Credential> afterRejection(MailboxConfig mailbox, Credential rejected) {
        return Optional.empty();
    }
}
