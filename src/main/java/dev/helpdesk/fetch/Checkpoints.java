package dev.helpdesk.fetch;

/** Where the drain reports each {@link Checkpoint} it passes; production ignores them. */
@FunctionalInterface
public interface Checkpoints {
    void reached(Checkpoint point);

    static Checkpoints none() {
        return point -> {
        };
    }
}
