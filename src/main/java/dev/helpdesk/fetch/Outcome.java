package dev.helpdesk.fetch;

import java.util.List;

/** How the fetch of one mailbox ended, from best to worst; the CLI maps each to an exit code. */
public enum Outcome {
    /** Drained as far as the limits allowed, including "nothing new". */
    OK,
    /** Another host holds this mailbox's lease, or another run drained it since this run began: shared work. */
    ELSEWHERE,
    /** Not started: this run's time (limits.maxRunDuration) was spent first; the next run takes it first. */
    DEFERRED,
    /** Drained, but some input could not be read as mail (see {@code Prepared.NotMail}) and was kept in quarantine. */
    QUARANTINED,
    /** Another live run holds this mailbox's lock; nothing was done, nobody was killed. */
    BUSY,
    /** Another run took the lock over mid-way (our lease was lost); we stopped writing at once. */
    LEASE_LOST,
    /** The server could not be reached, refused the login, or dropped the connection. */
    UNREACHABLE,
    /** Mail was stored, but the server refused the afterFetch actions; they stay queued with the reason. */
    ACTION_REFUSED,
    /** An OAuth mailbox whose refresh token is gone: someone must log in again. */
    LOGIN_REQUIRED,
    /** The mailbox's setup is wrong (secret missing, folder missing, afterFetch impossible on this server). */
    MISCONFIGURED,
    /** A bug or an unexpected failure of the store. */
    FAILED;

    /** Outcomes a run row can have: a mailbox left to another run, or not started, records no run. */
    public static final List<Outcome> RECORDED = java.util.Arrays.stream(values())
            .filter(outcome -> outcome != ELSEWHERE && outcome != DEFERRED).toList();

    /** Outcomes of a run that did its work: what "last success" means for an admin. */
    public static final List<Outcome> SUCCESSES = List.of(OK, QUARANTINED);

    /** The lower-case form used in output and the runs table. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Outcome of(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
