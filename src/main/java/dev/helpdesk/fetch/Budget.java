package dev.helpdesk.fetch;

import dev.helpdesk.config.Limits;
import java.time.Clock;
import java.time.Instant;

/** The per-run, per-mailbox limits as they are spent, so one tick stays shorter than the cron interval. */
final class Budget {
    private final Limits limits;
    private final Clock clock;
    private final Instant deadline;
    private int messages;
    private long bytes;

    Budget(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.deadline = clock.instant().plus(limits.maxDuration());
    }

    /** True when a message of this size may still be taken in this run. */
    boolean allows(long size) {
        return messages < limits.maxMessages()
                && (bytes == 0 || bytes + size <= limits.maxBytes())
                && clock.instant().isBefore(deadline);
    }

    void spend(long size) {
        messages++;
        bytes += size;
    }

    long maxMessageSize() {
        return limits.maxMessageSize();
    }
}
