package dev.helpdesk.lock;

import dev.helpdesk.store.LockTable;
import java.util.Optional;

/**
 * The outcome of trying to take a lock: held now, busy with the holder's details, or left to another run by the
 * caller's own rule.
 */
public sealed interface AcquireResult {

    /** The lock is ours; {@code tookOver} is the stale or expired row it replaced, if any. */
    record Acquired(Lease lease, Optional<LockStatus> tookOver) implements AcquireResult {
    }

    /** Someone else holds it within their lease; nobody is killed, the caller moves on. */
    record Busy(LockStatus holder) implements AcquireResult {
    }

    /** Free, but the name's fence showed what the caller leaves to another run (see {@link Locks#acquire}). */
    record Left(LockTable.Fence fence) implements AcquireResult {
    }
}
