package dev.helpdesk.auth;

/** A mailbox's credential cannot be had; the message names the mailbox, what is wrong and what to run. */
public final class CredentialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, so the fetch can report the right outcome for this mailbox alone. */
    public enum Reason {
        /** The secret's env var or file is missing, empty or too widely readable: fix the setup. */
        MISCONFIGURED,
        /** The refresh token is gone or revoked: someone must log in again. */
        LOGIN_REQUIRED,
        /** The token service cannot be reached now; the next run tries again. */
        UNREACHABLE,
        /**
         * Another run took the mailbox's lock over, so this one may no longer save its token cache: it stops, and
         * the run holding the lock now carries on.
         */
        LEASE_LOST
    }

    private final Reason reason;
    private final String detail;

    public CredentialException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** {@code detail} is the cause alone, without mailbox or advice, e.g. Microsoft's answer. */
    public CredentialException(Reason reason, String message, String detail) {
        super(message);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The cause alone, for a status line; the message when there is no separate one. */
    public String detail() {
        return detail == null ? getMessage() : detail;
    }
}
