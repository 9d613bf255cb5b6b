package dev.helpdesk.fetch;

/**
 * Named points of the ingest protocol, reported as the drain passes them. Production ignores
 * them; the crash tests halt a child JVM at one to prove that no point loses or doubles a mail.
 */
@FunctionalInterface
public interface Checkpoints {
    /** Bodies of a chunk are fetched; nothing is committed yet. */
    String FETCHED = "fetched";
    /** One message of a chunk is about to be parsed and rendered (reached once per message). */
    String PREPARING = "preparing";
    /** A chunk is committed; its server actions are queued but not applied. */
    String COMMITTED = "committed";
    /** One batch of server actions is applied on the server but not yet cleared from the queue. */
    String ACTION_APPLIED = "action-applied";

    void reached(String point);

    static Checkpoints none() {
        return point -> {
        };
    }
}
