package dev.helpdesk.mail;

import dev.helpdesk.config.Security;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens logged-in IMAP sessions with Angus Mail: a fresh {@link Session} and {@link Properties} per connect
 * (no global state), timeouts on every socket, TLS with certificate and host-name checks, and XOAUTH2 only
 * where the server advertises it.
 */
public final class ImapClient {
    private static final String FETCH_SIZE = Integer.toString(1024 * 1024);

    private final Set<String> hiddenCapabilities;
    private final SSLSocketFactory sslSocketFactory;

    public ImapClient() {
        this(Set.of(), null);
    }

    /**
     * Test seam.
     *
     * @param hiddenCapabilities capabilities to treat as not advertised (e.g. {@code MOVE}), to exercise the
     *     paths for lesser servers against GreenMail
     * @param sslSocketFactory the TLS socket factory, or null for the JDK's default trust store; certificate
     *     and host-name checks apply either way
     */
    ImapClient(Set<String> hiddenCapabilities, SSLSocketFactory sslSocketFactory) {
        this.hiddenCapabilities = Set.copyOf(hiddenCapabilities);
        this.sslSocketFactory = sslSocketFactory;
    }

    /**
     * Connects, secures and logs in.
     *
     * @throws MailException UNREACHABLE, AUTH_FAILED, NO_XOAUTH2 or PROTOCOL; the message names the server and
     *     carries its reason
     */
    public MailSession connect(ImapEndpoint endpoint, Credential credential) {
        SocketTracker sockets = new SocketTracker();
        GuardedImapStore store = loggedIn(endpoint, credential, sockets);
        try {
            return new AngusMailSession(store, store.capabilities(), endpoint, sockets);
        } catch (MessagingException e) {
            closeQuietly(store);
            throw Failures.connecting(endpoint, credential, e);
        }
    }

    /**
     * Connects and logs in exactly as {@link #connect} does, for a connection that only looks
     * ({@code helpdesk mailbox test}).
     *
     * @throws MailException as {@link #connect}
     */
    public ServerInspection inspect(ImapEndpoint endpoint, Credential credential) {
        return new AngusInspection(loggedIn(endpoint, credential, new SocketTracker()), endpoint, hiddenCapabilities);
    }

    /** The steps before login one at a time, with the TLS checks this client makes; nothing is sent yet. */
    public ConnectionProbe probe(ImapEndpoint endpoint) {
        return new ConnectionProbe(endpoint, sslSocketFactory != null ? sslSocketFactory
                : (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private GuardedImapStore loggedIn(ImapEndpoint endpoint, Credential credential, SocketTracker sockets) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credential, "credential");
        boolean ssl = endpoint.security() == Security.SSL;
        boolean token = credential instanceof Credential.AccessToken;
        Session session = Session.getInstance(properties(endpoint, token, sockets));
        GuardedImapStore store = new GuardedImapStore(session, ssl, token, hiddenCapabilities);
        try {
            store.connect(endpoint.host(), endpoint.port(), endpoint.username(), credential.secret());
            return store;
        } catch (MessagingException e) {
            closeQuietly(store);
            throw Failures.connecting(endpoint, credential, e);
        }
    }

    Properties properties(ImapEndpoint endpoint, boolean xoauth2) {
        return properties(endpoint, xoauth2, new SocketTracker());
    }

    private Properties properties(ImapEndpoint endpoint, boolean xoauth2, SocketTracker sockets) {
        String prefix = "mail." + GuardedImapStore.protocol(endpoint.security() == Security.SSL) + ".";
        Properties props = new Properties();
        props.setProperty(prefix + "connectiontimeout", millis(endpoint.connectTimeout()));
        props.setProperty(prefix + "timeout", millis(endpoint.readTimeout()));
        props.setProperty(prefix + "writetimeout", millis(endpoint.readTimeout()));
        // Angus' 16 KiB default makes a 21 MB message take 70 s from GreenMail instead of 0.7 s.
        props.setProperty(prefix + "fetchsize", FETCH_SIZE);
        props.setProperty(prefix + "peek", "true");
        props.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (endpoint.security() == Security.STARTTLS) {
            props.setProperty(prefix + "starttls.enable", "true");
            props.setProperty(prefix + "starttls.required", "true");
        }
        if (xoauth2) {
            props.setProperty(prefix + "auth.mechanisms", "XOAUTH2");
        }
        // Every socket goes through the tracker, so MailSession.abort() can end the connection from another thread.
        props.put(prefix + "socketFactory", sockets.plain());
        if (endpoint.security() == Security.SSL || sslSocketFactory != null) {
            props.put(prefix + "ssl.socketFactory", sockets.tls(sslSocketFactory != null ? sslSocketFactory
                    : (SSLSocketFactory) SSLSocketFactory.getDefault()));
        }
        // Otherwise a failure with the given factory is retried with another one, whose error hides the first.
        props.setProperty(prefix + "socketFactory.fallback", "false");
        return props;
    }

    private static String millis(Duration duration) {
        return Long.toString(Math.min(duration.toMillis(), Integer.MAX_VALUE));
    }

    private static void closeQuietly(GuardedImapStore store) {
        try {
            store.close();
        } catch (MessagingException ignored) {
            // Already failing; the original error is the one worth reporting.
        }
    }
}
