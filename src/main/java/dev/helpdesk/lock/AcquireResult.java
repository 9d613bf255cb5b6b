package dev.helpdesk.lock;

import java.util.Optional;

/** The outcome of trying to take a lock: held now, or busy with the holder's details. */
public sealed interface AcquireResult {

    /** The lock is ours; {@code tookOver} is the stale or expired row it replaced, if any. */
    record Acquired(Lease lease, Optional<LockStatus> tookOver) implements AcquireResult {
    }

    /** Someone else holds it within their lease; nobody is killed, the caller moves on. */
    record Busy(LockStatus holder) implements AcquireResult {
    }
}
