package dev.helpdesk.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;

/** Turns Angus' exceptions into {@link MailException}s whose message an admin can act on. */
final class Failures {
    private static final Pattern STATUS = Pattern.compile("^(\\S+\\s+)?(OK|NO|BAD|BYE)\\s*", Pattern.CASE_INSENSITIVE);

    private Failures() {}

    static MailException connecting(ImapEndpoint endpoint, Credential credential, MessagingException e) {
        String server = endpoint.describe();
        if (e instanceof AuthenticationFailedException) {
            String advice = credential instanceof Credential.AccessToken
                    ? "check that the token is current and grants IMAP access to this mailbox"
                    : "check the username and the password configured for this mailbox";
            return new MailException(MailException.Kind.AUTH_FAILED,
                    "IMAP login as " + endpoint.username() + " at " + server + " was rejected"
                            + serverSaid(e) + "; " + advice + ".", e);
        }
        GuardedImapStore.NoXOAuth2Exception noXOAuth2 = find(e, GuardedImapStore.NoXOAuth2Exception.class);
        if (noXOAuth2 != null) {
            return new MailException(MailException.Kind.NO_XOAUTH2,
                    "IMAP server " + server + " does not advertise AUTH=XOAUTH2 (it offers " + noXOAuth2.offered()
                            + "), so the access token was not sent; enable OAuth for IMAP on the server"
                            + " or configure a password for this mailbox.", e);
        }
        IOException io = deepest(e, IOException.class);
        if (io != null) {
            return new MailException(MailException.Kind.UNREACHABLE,
                    "Cannot connect to IMAP server " + server + ": " + describe(io)
                            + "; check host, port and security in the config and that the server is up.", e);
        }
        if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
            return new MailException(MailException.Kind.UNREACHABLE,
                    "IMAP server " + server + " does not offer STARTTLS; use security \"ssl\" (usually port 993)"
                            + " or ask the provider to enable STARTTLS.", e);
        }
        return new MailException(MailException.Kind.PROTOCOL,
                "IMAP server " + server + " failed the login exchange" + serverSaid(e)
                        + "; check that host and port name an IMAP server.", e);
    }

    /**
     * A failure of {@code action} (e.g. "fetching messages") in {@code where} (e.g. "folder INBOX on
     * imap.example.com:993 (ssl)").
     */
    static MailException during(String action, String where, MessagingException e) {
        if (lostConnection(e)) {
            return new MailException(MailException.Kind.UNREACHABLE,
                    "The connection to " + where + " was lost while " + action + serverSaid(e)
                            + "; nothing after the last commit was acknowledged, the next run retries.", e);
        }
        return new MailException(MailException.Kind.REFUSED,
                "The IMAP server refused " + action + " in " + where + serverSaid(e)
                        + "; check the account's rights on that folder.", e);
    }

    static boolean lostConnection(MessagingException e) {
        return e instanceof FolderClosedException || e instanceof StoreClosedException
                || find(e, ConnectionException.class) != null || find(e, IOException.class) != null;
    }

    /** ": reason" with the server's own text when there is one, else the exception's message, else "". */
    static String serverSaid(Throwable e) {
        String text = null;
        ProtocolException protocol = find(e, ProtocolException.class);
        if (protocol != null && protocol.getResponse() != null) {
            // The whole response line minus tag and status, e.g. "[AUTHENTICATIONFAILED] Invalid credentials".
            text = STATUS.matcher(protocol.getResponse().toString()).replaceFirst("");
        }
        if (text == null || text.isBlank()) {
            text = e.getMessage();
        }
        return text == null || text.isBlank() ? "" : ": " + text.strip();
    }

    /** A status response's text without tag and status word, e.g. "[UNAVAILABLE] Some messages could not be FETCHed". */
    static String statusText(org.eclipse.angus.mail.iap.Response response) {
        String text = STATUS.matcher(response.toString()).replaceFirst("").strip();
        return text.isEmpty() ? (response.isNO() ? "NO" : "BAD") : text;
    }

    private static String describe(IOException io) {
        String message = io.getMessage() == null ? "" : io.getMessage();
        if (io instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (io instanceof ConnectException) {
            return "connection refused (" + message + ")";
        }
        if (io instanceof SocketTimeoutException) {
            return "no answer within the timeout (" + message + ")";
        }
        if (message.startsWith("Can't verify identity of server") || message.contains("No subject alternative")
                || message.contains("No name matching")) {
            return "the TLS certificate does not name this host (" + message + ")";
        }
        if (io instanceof SSLException && message.contains("PKIX")) {
            return "the TLS certificate is not trusted by this Java installation (" + message + ")";
        }
        if (io instanceof SSLException) {
            return "TLS failed (" + message + ")";
        }
        return message.isEmpty() ? io.getClass().getSimpleName() : message;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static <T extends Throwable> T deepest(Throwable e, Class<T> type) {
        T found = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                found = type.cast(t);
            }
        }
        return found;
    }
}
