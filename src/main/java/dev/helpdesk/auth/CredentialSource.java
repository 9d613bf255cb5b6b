package dev.helpdesk.auth;

import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.mail.Credential;
import java.util.Optional;

/**
 * Gives the credential to log in to a mailbox with: a password, or a fresh OAuth access token. Getting a token may
 * rewrite the mailbox's token cache (a refresh), which only the holder of the mailbox's lease may do, so the
 * lease comes with the request; a caller holding none (dry run, {@code mailbox test}) gets what needs no write.
 */
public interface CredentialSource {

    /**
     * For a caller that holds no lease on the mailbox: nothing is written, so an OAuth mailbox gets only a cached
     * access token that is still valid.
     *
     * @throws CredentialException when the mailbox cannot be logged in to as configured
     */
    Credential credentialFor(MailboxConfig mailbox);

    /**
     * For the holder of the mailbox's {@code lease}: a token refreshed on the way is saved under it, and when the
     * lease was taken over the save is refused (CredentialException LEASE_LOST).
     *
     * @throws CredentialException when the mailbox cannot be logged in to as configured
     */
    default Credential credentialFor(MailboxConfig mailbox, Lease lease) {
        return credentialFor(mailbox);
    }

    /**
     * After the server rejected {@code rejected}: a new credential worth one more try (a forcibly refreshed
     * token, saved under {@code lease}), or empty when retrying cannot help (a password is what it is).
     */
    default Optional<Credential> afterRejection(MailboxConfig mailbox, Lease lease, Credential rejected) {
        return Optional.empty();
    }
}
