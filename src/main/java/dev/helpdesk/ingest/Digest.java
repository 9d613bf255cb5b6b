package dev.helpdesk.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash that identifies raw message bytes (dedup without a Message-ID, attachments). */
public final class Digest {
    private Digest() {
    }

    /**
     * A stable Message-ID for a message that has none, derived from its bytes: the same message
     * fetched twice gets the same ID, so it threads and deduplicates like any other.
     */
    public static String syntheticMessageId(byte[] raw) {
        return sha256(raw).substring(0, 32) + "@synthetic.helpdesk.invalid";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
