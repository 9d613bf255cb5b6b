package dev.helpdesk.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run may take from one mailbox, so a tick ends before cron starts the next; whatever
 * is left waits for the next run.
 *
 * @param maxMessages messages per run and mailbox, default 500
 * @param maxBytes bytes of messages per run and mailbox, default 200MB
 * @param maxDuration time per run and mailbox, default 4m
 * @param maxMessageSize a larger message is recorded and left on the server, default 25MB
 * @param maxAttachmentSize a larger attachment is recorded by name, type and size without its bytes,
 *     default 20MB
 * @param maxRunDuration the whole run's time: no mailbox is started after it is spent (the next run takes the
 *     longest-waiting first), default 4m, so a tick ends before cron starts the next and hosts share the work
 */
public record Limits(int maxMessages, long maxBytes, Duration maxDuration, long maxMessageSize,
        long maxAttachmentSize, Duration maxRunDuration) {

    static final Duration DEFAULT_DURATION = Duration.ofMinutes(4);

    public Limits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(maxRunDuration, "maxRunDuration");
        if (maxMessages < 1 || maxBytes < 1 || maxMessageSize < 1 || maxAttachmentSize < 1
                || maxDuration.isNegative() || maxDuration.isZero() || maxRunDuration.isNegative()
                || maxRunDuration.isZero()) {
            throw new IllegalArgumentException("every limit must be above zero: " + maxMessages + ", "
                    + maxBytes + ", " + maxDuration + ", " + maxMessageSize + ", " + maxAttachmentSize + ", "
                    + maxRunDuration);
        }
    }

    /** Limits per mailbox, and the default time for the whole run. */
    public Limits(int maxMessages, long maxBytes, Duration maxDuration, long maxMessageSize, long maxAttachmentSize) {
        this(maxMessages, maxBytes, maxDuration, maxMessageSize, maxAttachmentSize, DEFAULT_DURATION);
    }

    /** The limits used for every key the config leaves out. */
    public static Limits defaults() {
        return new Limits(500, 200L * 1024 * 1024, DEFAULT_DURATION, 25L * 1024 * 1024, 20L * 1024 * 1024,
                DEFAULT_DURATION);
    }
}
