package dev.helpdesk.fetch;

/** How the fetch of one mailbox ended, from best to worst; the CLI maps each to an exit code. */
public enum Outcome {
    /** Drained as far as the limits allowed, including "nothing new". */
    OK,
    /** Drained, but some messages could not be parsed and were kept in quarantine. */
    QUARANTINED,
    /** Another live run holds this mailbox's lock; nothing was done, nobody was killed. */
    BUSY,
    /** Another run took the lock over mid-way (our lease expired); we stopped writing at once. */
    LEASE_LOST,
    /** The server could not be reached, refused the login, or dropped the connection. */
    UNREACHABLE,
    /** An OAuth mailbox whose refresh token is gone: someone must log in again. */
    LOGIN_REQUIRED,
    /** The mailbox's setup is wrong (secret missing, folder missing on the server). */
    MISCONFIGURED,
    /** A bug or an unexpected failure of the store. */
    FAILED;

    /** The lower-case form used in output and the runs table. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
