package dev.helpdesk.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One row of the locks table: who holds a named lock, under which fencing token, until when. */
public record LockRecord(
        String name,
        long token,
        long ownerPid,
        String ownerHost,
        Optional<Instant> ownerStart,
        String command,
        Instant acquiredAt,
        Instant heartbeatAt,
        Instant expiresAt) {

    public LockRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerHost, "ownerHost");
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
