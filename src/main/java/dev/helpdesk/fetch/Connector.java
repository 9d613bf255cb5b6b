package dev.helpdesk.fetch;

import dev.helpdesk.auth.CredentialSource;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.mail.Credential;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.ImapEndpoint;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.mail.MailSession;
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
     * A rejected credential gets exactly one retry when the source can offer a fresher one (an OAuth token
     * refreshed on demand).
     *
     * @throws dev.helpdesk.auth.CredentialException when no credential can be had
     * @throws MailException when the server cannot be reached or refuses the login
     */
    public MailSession connect(MailboxConfig mailbox) {
        Credential credential = credentials.credentialFor(mailbox);
        try {
            return imap.connect(endpoint(mailbox), credential);
        } catch (MailException e) {
            if (e.kind() != MailException.Kind.AUTH_FAILED) {
                throw e;
            }
            Optional<Credential> retry = credentials.afterRejection(mailbox, credential);
            if (retry.isEmpty()) {
                throw e;
            }
            LOG.info("mailbox {}: login rejected; retrying once with a refreshed credential", mailbox.name());
            return imap.connect(endpoint(mailbox), retry.get());
        }
    }

    private static ImapEndpoint endpoint(MailboxConfig mailbox) {
        return new ImapEndpoint(mailbox.host(), mailbox.port(), mailbox.security(), mailbox.username(),
                mailbox.connectTimeout(), mailbox.readTimeout());
    }
}
