package dev.helpdesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus' IMAP store plus one guard: when authenticating with an access token it checks, after STARTTLS and
 * before any credential is sent, that the server advertises AUTH=XOAUTH2. Without that check Angus silently
 * falls back to LOGIN and sends the token as a password.
 */
final class GuardedImapStore extends IMAPStore {
    private static final String XOAUTH2 = "AUTH=XOAUTH2";

    private final boolean requireXOAuth2;
    private final Set<String> hiddenCapabilities;
    /** Seen in {@link #preLogin}, for {@code mailbox test}; a pre-authenticated connection never gets there. */
    private volatile String loginMechanism = "PREAUTH (the server logged us in at the greeting)";
    private volatile List<String> beforeLogin = List.of();

    /**
     * @param hiddenCapabilities capabilities to treat as not advertised; empty in production, set by tests
     *     to exercise the paths for servers without MOVE, UIDPLUS or XOAUTH2
     */
    GuardedImapStore(Session session, boolean ssl, boolean requireXOAuth2, Set<String> hiddenCapabilities) {
        super(session, new URLName(protocol(ssl), null, -1, null, null, null), protocol(ssl), ssl);
        this.requireXOAuth2 = requireXOAuth2;
        this.hiddenCapabilities = Set.copyOf(hiddenCapabilities);
    }

    static String protocol(boolean ssl) {
        return ssl ? "imaps" : "imap";
    }

    @Override
    protected void preLogin(IMAPProtocol protocol) throws ProtocolException {
        beforeLogin = protocol.getCapabilities().keySet().stream().map(c -> c.toUpperCase(Locale.ROOT))
                .filter(c -> !c.startsWith("__") && !hiddenCapabilities.contains(c)).sorted().toList();
        loginMechanism = requireXOAuth2 ? "AUTHENTICATE XOAUTH2" : passwordMechanism(protocol);
        if (requireXOAuth2 && !advertises(protocol.hasCapability(XOAUTH2), XOAUTH2)) {
            Set<String> offered = new TreeSet<>();
            for (String capability : protocol.getCapabilities().keySet()) {
                String upper = capability.toUpperCase(Locale.ROOT);
                if (upper.startsWith("AUTH=") && !hiddenCapabilities.contains(upper)) {
                    offered.add(upper);
                }
            }
            throw new NoXOAuth2Exception(offered);
        }
    }

    /**
     * The mechanism Angus picks for a password, by its own rule: the first of PLAIN, LOGIN and NTLM that the server
     * advertises as AUTH=, else the LOGIN command unless the server says LOGINDISABLED.
     */
    private static String passwordMechanism(IMAPProtocol protocol) {
        for (String mechanism : List.of("PLAIN", "LOGIN", "NTLM")) {
            if (protocol.hasCapability("AUTH=" + mechanism)
                    || mechanism.equals("LOGIN") && protocol.hasCapability("AUTH-LOGIN")) {
                return "AUTHENTICATE " + mechanism;
            }
        }
        return protocol.hasCapability("LOGINDISABLED") ? "none (the server says LOGINDISABLED)" : "LOGIN";
    }

    String loginMechanism() {
        return loginMechanism;
    }

    List<String> capabilitiesBeforeLogin() {
        return beforeLogin;
    }

    /** What the logged-in server offers that changes how we act on messages. */
    ServerCapabilities capabilities() throws MessagingException {
        return new ServerCapabilities(
                advertises(hasCapability("MOVE"), "MOVE"), advertises(hasCapability("UIDPLUS"), "UIDPLUS"));
    }

    private boolean advertises(boolean advertised, String capability) {
        return advertised && !hiddenCapabilities.contains(capability);
    }

    /** Raised before login so no credential is sent; Angus wraps it in a MessagingException. */
    static final class NoXOAuth2Exception extends ProtocolException {
        private static final long serialVersionUID = 1L;
        private final String offered;

        NoXOAuth2Exception(Set<String> offered) {
            super("server does not advertise AUTH=XOAUTH2");
            this.offered = offered.isEmpty() ? "no AUTH= mechanism, only LOGIN" : String.join(", ", offered);
        }

        String offered() {
            return offered;
        }
    }
}
