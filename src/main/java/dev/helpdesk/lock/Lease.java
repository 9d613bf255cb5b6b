package dev.helpdesk.lock;

import java.time.Duration;
import java.util.Objects;

/** Proof of holding a named lock: the name, the fencing token it was granted, and its lease length. */
public record Lease(String name, long token, Duration ttl) {

    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token starts at 1, got " + token);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, got " + ttl);
        }
    }
}
