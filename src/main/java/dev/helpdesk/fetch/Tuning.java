package dev.helpdesk.fetch;

/**
 * Chunk bounds of the drain: a chunk is one bulk body fetch and one transaction. Larger chunks
 * mean fewer round trips and commits; smaller ones mean less redone work after a crash.
 */
public record Tuning(int chunkMessages, long chunkBytes) {
    public static final Tuning DEFAULT = new Tuning(100, 16L * 1024 * 1024);

    public Tuning {
        if (chunkMessages < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("chunks hold at least one message and one byte");
        }
    }
}
