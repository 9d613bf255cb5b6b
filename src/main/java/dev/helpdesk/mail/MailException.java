package dev.helpdesk.mail;

import java.util.Objects;

/**
 * A failure talking to an IMAP server. The message is a sentence for the admin: what failed, the server's own
 * reason when it gave one, and what to do next.
 */
public final class MailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, so callers can choose an exit code and whether other mailboxes continue. */
    public enum Kind {
        /** Connecting, TLS or a timeout failed, or the connection dropped: the server was not usable. */
        UNREACHABLE,
        /** The server rejected the login (password or token). */
        AUTH_FAILED,
        /** An access token was configured but the server does not advertise AUTH=XOAUTH2; nothing was sent. */
        NO_XOAUTH2,
        /** A folder is missing or cannot be opened for writing. */
        FOLDER,
        /** The login exchange failed in a way that says the other side is not the IMAP server expected. */
        PROTOCOL,
        /** The server refused a command (NO, BAD) or lacks an extension needed to act safely. */
        REFUSED
    }

    private final Kind kind;

    public MailException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public MailException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }
}
