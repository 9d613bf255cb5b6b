package dev.helpdesk.auth;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what msal4j throws into a sentence for the admin that names the mailbox and the next step. Only
 * Microsoft's error code and the first line of its description are kept: they carry the AADSTS number an
 * admin can look up, and never a token.
 */
final class TokenFailures {
    private static final int DESCRIPTION_LIMIT = 300;

    private TokenFailures() {
    }

    static String loginCommand(String mailbox) {
        return "`helpdesk auth login --mailbox " + mailbox + "`";
    }

    static CredentialException loginRequired(String mailbox, String why) {
        return new CredentialException(CredentialException.Reason.LOGIN_REQUIRED, "login required for mailbox "
                + mailbox + ": " + why + "; run " + loginCommand(mailbox) + ".", why);
    }

    /** The failure behind an ExecutionException, CompletionException or a bare one. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The exception to throw for a failed token call of {@code mailbox}; {@code endpoint} names the token
     * service's host for network errors. A refused refresh token becomes LOGIN_REQUIRED, an unreachable token
     * service UNREACHABLE (so the run reports the mailbox as unreachable, exit 69, and retries at the next
     * tick), everything else MISCONFIGURED.
     */
    static RuntimeException translate(String mailbox, String endpoint, Throwable failure) {
        Throwable t = unwrap(failure);
        CredentialException ours = find(t, CredentialException.class);
        if (ours != null) {
            return ours;
        }
        TokenCacheFile.SaveFailed unsaved = find(t, TokenCacheFile.SaveFailed.class);
        if (unsaved != null) {
            return new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox + ": "
                    + unsaved.getMessage() + ", so the new tokens were not used. Free disk space or fix the"
                    + " permissions of " + "the data directory; if the next run then reports \"login required\","
                    + " run " + loginCommand(mailbox) + ".");
        }
        MsalInteractionRequiredException interaction = find(t, MsalInteractionRequiredException.class);
        if (interaction != null) {
            return loginRequired(mailbox, "Microsoft refused the saved login (" + describe(interaction) + ")");
        }
        IOException io = find(t, IOException.class);
        if (io != null) {
            return new CredentialException(CredentialException.Reason.UNREACHABLE, "mailbox " + mailbox
                    + ": cannot get an access token from " + endpoint + ": " + network(io) + ". Nothing was fetched;"
                    + " the next run tries again. Check the network, and https.proxyHost/https.proxyPort if a proxy"
                    + " is needed.");
        }
        MsalServiceException service = find(t, MsalServiceException.class);
        if (service != null) {
            return new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox
                    + ": Microsoft refused the token request (" + describe(service) + "). Check tenant, clientId,"
                    + " the app credential and the API permission granted to the app registration.");
        }
        MsalClientException client = find(t, MsalClientException.class);
        if (client != null && "cache_miss".equals(client.errorCode())) {
            return loginRequired(mailbox, "the token cache holds no usable refresh token");
        }
        if (client != null) {
            return new CredentialException(CredentialException.Reason.MISCONFIGURED, "mailbox " + mailbox
                    + ": getting an access token failed (" + describe(client) + ").");
        }
        return new IllegalStateException("getting an access token for mailbox " + mailbox + " failed: "
                + t.getClass().getName(), t);
    }

    /** "invalid_grant: AADSTS70008: The provided ... revoked." */
    static String describe(MsalException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        if (first.length() > DESCRIPTION_LIMIT) {
            first = first.substring(0, DESCRIPTION_LIMIT) + "…";
        }
        String code = e.errorCode();
        return code == null || code.isBlank() ? first : first.isEmpty() ? code : code + ": " + first;
    }

    private static String network(IOException io) {
        String message = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
        if (io instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (io instanceof SocketTimeoutException) {
            return "no answer within the timeout (" + message + ")";
        }
        if (io instanceof ConnectException) {
            return "connection refused (" + message + ")";
        }
        return message;
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
}
