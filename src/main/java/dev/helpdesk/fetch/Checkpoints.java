package dev.helpdesk.fetch;

/**
 * Where the drain reports each {@link Checkpoint} it passes; production ignores them. Called from several threads:
 * the draining thread (fetched), it or a helper preparing the chunk with it (preparing, one at a time and in
 * order) and the chunk writer's (committed), so an implementation that counts must be thread-safe.
 */
@FunctionalInterface
public interface Checkpoints {
    void reached(Checkpoint point);

    static Checkpoints none() {
        return point -> {
        };
    }
}
