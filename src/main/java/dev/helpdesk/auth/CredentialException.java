package dev.helpdesk.auth;

/** A mailbox's credential cannot be had; the message names the mailbox, what is wrong and what to run. */
public final class CredentialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, so the fetch can report the right outcome for this mailbox alone. */
    public enum Reason {
        /** The secret's env var or file is missing, empty or too widely readable: fix the setup. */
        MISCONFIGURED,
        /** The refresh token is gone or revoked: someone must log in again. */
        LOGIN_REQUIRED
    }

    private final Reason reason;

    public CredentialException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
