package dev.helpdesk.lock;

/** Tells whether the holder of a lock is provably gone; the seam tests replace to fake dead or reused PIDs. */
@FunctionalInterface
public interface ProcessLiveness {

    /**
     * True only with proof that {@code holder} no longer runs: its PID space is the one this judge can see,
     * and its PID is not there or now belongs to a process with another start. A holder of another PID space,
     * one without a PID space, and anything unreadable or ambiguous are not proof: false, alive until expiry.
     */
    boolean isGone(ProcessIdentity holder);
}
