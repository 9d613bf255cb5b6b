package dev.helpdesk.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of the locks table: who holds a named lock, under which fencing token, until when.
 *
 * <p>The holder is known by PID and host name and, where the holder could read them, by the PID space it
 * ran in (the kernel's boot id and its PID namespace) and its start in clock ticks since boot; rows written
 * by an older helpdesk have none of those. {@code ownerStart} is a wall-clock time for display only.
 */
public record LockRecord(
        String name,
        long token,
        long ownerPid,
        String ownerHost,
        Optional<String> ownerBootId,
        Optional<String> ownerPidNamespace,
        OptionalLong ownerStartTicks,
        Optional<Instant> ownerStart,
        String command,
        Instant acquiredAt,
        Instant heartbeatAt,
        Instant expiresAt) {

    public LockRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerHost, "ownerHost");
        Objects.requireNonNull(ownerBootId, "ownerBootId");
        Objects.requireNonNull(ownerPidNamespace, "ownerPidNamespace");
        Objects.requireNonNull(ownerStartTicks, "ownerStartTicks");
        Objects.requireNonNull(ownerStart, "ownerStart");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token starts at 1, got " + token);
        }
    }
}
