package dev.helpdesk.fetch;

/**
 * Chunk bounds of the drain, and its helper threads: a chunk is one bulk body fetch and one transaction. Larger
 * chunks mean fewer round trips and commits; smaller ones mean less redone work after a crash. {@code helpers}
 * threads prepare a chunk's messages with the draining thread (0: it prepares them alone).
 */
public record Tuning(int chunkMessages, long chunkBytes, int helpers) {
    /** 100 messages or 16 MB a chunk; a helper per core besides the draining thread's (see {@link Helpers}). */
    public static final Tuning DEFAULT = new Tuning(100, 16L * 1024 * 1024, Helpers.spareCores());

    public Tuning {
        if (chunkMessages < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("chunks hold at least one message and one byte");
        }
        if (helpers < 0) {
            throw new IllegalArgumentException("a negative number of helper threads: " + helpers);
        }
    }

    /** These chunk bounds, with the default helpers. */
    public Tuning(int chunkMessages, long chunkBytes) {
        this(chunkMessages, chunkBytes, Helpers.spareCores());
    }
}
