package dev.helpdesk.ingest;

/** Identifiers derived from content, for messages that bring none of their own. */
public final class Digest {
    private Digest() {
    }

    /**
     * A stable Message-ID for a message that has none, derived from its content hash (trace fields set
     * aside): the same message fetched twice, by any route, gets the same ID, so it threads and deduplicates
     * like any other.
     */
    public static String syntheticMessageId(String contentSha256) {
        return contentSha256.substring(0, 32) + "@synthetic.helpdesk.invalid";
    }
}
