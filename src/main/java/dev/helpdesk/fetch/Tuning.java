package dev.helpdesk.fetch;

/**
 * Chunk bounds of the drain, and its helper threads: a chunk is one bulk body fetch and one transaction. Larger
 * chunks mean fewer round trips and commits; smaller ones mean less redone work after a crash. {@code helpers}
 * threads prepare a chunk's messages with the draining thread (0: it prepares them alone). The first chunk of each
 * window of UIDs holds at most {@code firstChunkMessages}, each next one twice as many up to {@code chunkMessages}:
 * the writer waits while a window's first chunk is fetched and parsed, so a small one gets it going sooner.
 */
public record Tuning(int chunkMessages, long chunkBytes, int helpers, int firstChunkMessages) {
    /**
     * 100 messages or 16 MB a chunk, from 25 at a window's start; a helper per core besides the draining thread's
     * (see {@link Helpers}).
     */
    public static final Tuning DEFAULT = new Tuning(100, 16L * 1024 * 1024, Helpers.spareCores(), 25);

    public Tuning {
        if (chunkMessages < 1 || chunkBytes < 1 || firstChunkMessages < 1) {
            throw new IllegalArgumentException("chunks hold at least one message and one byte");
        }
        if (helpers < 0) {
            throw new IllegalArgumentException("a negative number of helper threads: " + helpers);
        }
    }

    /** These chunk bounds, every chunk of a window as large, and these helpers. */
    public Tuning(int chunkMessages, long chunkBytes, int helpers) {
        this(chunkMessages, chunkBytes, helpers, chunkMessages);
    }

    /** These chunk bounds, every chunk of a window as large, with the default helpers. */
    public Tuning(int chunkMessages, long chunkBytes) {
        this(chunkMessages, chunkBytes, Helpers.spareCores());
    }

    /** At most how many messages the chunk with this index (0 for the first) of a window holds. */
    int messagesInChunk(int index) {
        long ramped = (long) firstChunkMessages << Math.min(index, 32);
        return (int) Math.min(chunkMessages, ramped);
    }
}
