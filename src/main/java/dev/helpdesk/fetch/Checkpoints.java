package dev.helpdesk.fetch;

/**
 * Where the drain reports each {@link Checkpoint} it passes; production ignores them. Called from two threads:
 * the draining thread (fetched, preparing) and the chunk writer's (committed), so an implementation that
 * counts must be thread-safe.
 */
@FunctionalInterface
public interface Checkpoints {
    void reached(Checkpoint point);

    static Checkpoints none() {
        return point -> {
        };
    }
}
