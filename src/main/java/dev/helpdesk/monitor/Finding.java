package dev.helpdesk.monitor;

/** Something about a mailbox that monitoring reports, with the state it puts the mailbox in. */
public enum Finding {
    /** No run with a success outcome within the allowed age (or ever). */
    NO_RECENT_SUCCESS(State.CRITICAL),
    /** The last run ended with login-required: someone must sign the mailbox in again. */
    LOGIN_REQUIRED(State.CRITICAL),
    /** The mailbox's lock is held by a process that is provably gone. */
    LOCK_STALE(State.CRITICAL),
    /** The mailbox's lock lease ran out without a renewal. */
    LOCK_EXPIRED(State.CRITICAL),
    /** Queued server actions were refused by the server and wait. */
    ACTIONS_REFUSED(State.CRITICAL),
    /** Input was quarantined since the last check. */
    QUARANTINED(State.WARNING),
    /** Messages were set aside on the server since the last check. */
    SET_ASIDE(State.WARNING);

    private final State state;

    Finding(State state) {
        this.state = state;
    }

    public State state() {
        return state;
    }
}
