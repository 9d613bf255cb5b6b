package dev.helpdesk.probe;

/** How one step of {@code mailbox test} went. */
public enum Verdict {
    OK,
    /** It works, but something deserves attention (a certificate about to expire, a stale lock). */
    WARNING,
    /** It does not work; the step says what to change. */
    FAILED,
    /** Not tried, because a step it needs failed. */
    SKIPPED;

    /** The lower-case form of the output. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
