package dev.helpdesk.lock;

import dev.helpdesk.store.LockRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A lock row with its verdict and the moment it was judged, from which every age is derived. */
public record LockStatus(LockRecord row, LockVerdict verdict, Instant judgedAt) {

    public LockStatus {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(judgedAt, "judgedAt");
    }

    public Duration heldFor() {
        return Duration.between(row.acquiredAt(), judgedAt);
    }

    public Duration sinceHeartbeat() {
        return Duration.between(row.heartbeatAt(), judgedAt);
    }

    /** Negative once the lease has run out. */
    public Duration expiresIn() {
        return Duration.between(judgedAt, row.expiresAt());
    }

    /** The holder's start as time since its boot, for display; empty for a row without start ticks. */
    public Optional<Duration> startedAfterBoot() {
        return row.ownerStartTicks().isPresent()
                ? Optional.of(ProcessIdentity.afterBoot(row.ownerStartTicks().getAsLong()))
                : Optional.empty();
    }

    /** A one-line description of the holder, for messages: who, where, since when. */
    public String holder() {
        return "PID " + row.ownerPid() + " on " + row.ownerHost() + " (" + row.command() + ", since "
                + row.acquiredAt() + ", token " + row.token() + ")";
    }
}
