package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.mail.ConnectionProbe;
import dev.helpdesk.mail.Credential;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.ImapEndpoint;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
import dev.helpdesk.mail.ServerInspection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a mailbox in: its endpoint and credential from the config, and one retry after a rejected credential. */
public final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final CredentialSource credentials;
    private final ImapClient imap;

    public Connector(CredentialSource credentials, ImapClient imap) {
        this.credentials = credentials;
        this.imap = imap;
    }

    /**
     * Logs in for the holder of the mailbox's {@code lease}, under which a refreshed OAuth token's cache is
     * saved. A rejected credential gets exactly one retry when the source can offer a fresher one (an OAuth token
     * refreshed on demand).
     *
     * @throws dev.helpdesk.auth.CredentialException when no credential can be had
     * @throws MailException when the server cannot be reached or refuses the login
     */
    public MailSession connect(MailboxConfig mailbox, Lease lease) {
        Credential credential = credentials.credentialFor(mailbox, lease);
        try {
            return imap.connect(endpoint(mailbox), credential);
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.AUTH_FAILED) {
                throw e;
            }
            Optional<Credential> retry = credentials.afterRejection(mailbox, lease, credential);
            if (retry.isEmpty()) {
                throw e;
            }
            LOG.info("mailbox {}: login rejected; retrying once with a refreshed credential", mailbox.name());
            return imap.connect(endpoint(mailbox), retry.get());
        }
    }

    /**
     * Logs in without a lease (a dry run): the credential as the source has it, and no retry, since a fresher
     * token would rewrite the token cache.
     *
     * @throws dev.helpdesk.auth.CredentialException when no credential can be had
     * @throws MailException when the server cannot be reached or refuses the login
     */
    public MailSession connect(MailboxConfig mailbox) {
        return imap.connect(endpoint(mailbox), credentials.credentialFor(mailbox));
    }

    /**
     * Logs in as {@link #connect} does, on a connection that only looks ({@code helpdesk mailbox test}); no retry,
     * since the credential source of a test never gets a fresher token.
     *
     * @throws dev.helpdesk.auth.CredentialException when no credential can be had
     * @throws MailException when the server cannot be reached or refuses the login
     */
    public ServerInspection inspect(MailboxConfig mailbox) {
        return imap.inspect(endpoint(mailbox), credentials.credentialFor(mailbox));
    }

    /** The steps before login one at a time, for {@code helpdesk mailbox test}. */
    public ConnectionProbe probe(MailboxConfig mailbox) {
        return imap.probe(endpoint(mailbox));
    }

    private static ImapEndpoint endpoint(MailboxConfig mailbox) {
        return new ImapEndpoint(mailbox.host(), mailbox.port(), mailbox.security(), mailbox.username(),
                mailbox.connectTimeout(), mailbox.readTimeout());
    }
}
