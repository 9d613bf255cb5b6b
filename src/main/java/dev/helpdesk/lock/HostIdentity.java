package dev.helpdesk.lock;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a lock holder runs: a host name for people, and (on Linux) the PID space that decides whether its
 * PID can be judged from here. Names clash (containers built from one image share one), PID spaces do not.
 */
public record HostIdentity(String name, Optional<PidSpace> pidSpace) {

    /** How the host of a lock row relates to ours, which decides what its PID can tell us. */
    public enum Relation {
        /** The same PID namespace of the same running kernel: the holder's PID can be looked up here. */
        SAME_PIDS,
        /** Another kernel run, another PID namespace, or another name: only expiry frees its locks. */
        OTHER,
        /**
         * The same name, but one side has no PID space (a row of an older helpdesk, or no /proc here): it may
         * be us or a namespace next to us, so the holder counts as alive until its lease expires.
         */
        UNKNOWN
    }

    public HostIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pidSpace, "pidSpace");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the host name is blank");
        }
    }

    /** Judged by PID space where both sides have one; the name only tells hosts apart, never joins them. */
    public Relation relationTo(HostIdentity holder) {
        if (pidSpace.isPresent() && holder.pidSpace.isPresent()) {
            return pidSpace.equals(holder.pidSpace) ? Relation.SAME_PIDS : Relation.OTHER;
        }
        return name.equals(holder.name) ? Relation.UNKNOWN : Relation.OTHER;
    }
}
