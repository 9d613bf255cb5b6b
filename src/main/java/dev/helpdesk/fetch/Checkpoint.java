package dev.helpdesk.fetch;

import java.util.Locale;

/**
 * Named points of the ingest protocol, reported as the drain passes them. Production ignores them; the
 * crash and fault tests halt, pause or fail a run at one to prove that no point loses or doubles a mail.
 */
public enum Checkpoint {
    /** Bodies of a chunk are fetched; nothing is committed yet. */
    FETCHED,
    /**
     * One message of a chunk is about to be parsed and rendered (reached once per message, in UID order, one at a
     * time, though possibly from a helper thread).
     */
    PREPARING,
    /** A chunk is committed; its server actions are queued but not applied. */
    COMMITTED,
    /** One batch of server actions is applied on the server but not yet cleared from the queue. */
    ACTION_APPLIED;

    /** The name tests pass on a command line: fetched, preparing, committed, action-applied. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for a name that is no checkpoint */
    public static Checkpoint of(String key) {
        for (Checkpoint point : values()) {
            if (point.key().equals(key)) {
                return point;
            }
        }
        throw new IllegalArgumentException("no checkpoint named " + key);
    }
}
