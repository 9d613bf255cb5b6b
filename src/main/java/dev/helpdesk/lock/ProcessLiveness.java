package dev.helpdesk.lock;

import java.time.Instant;
import java.util.Optional;

/** Tells whether a process on this host still runs; the seam tests replace to fake dead or reused PIDs. */
@FunctionalInterface
public interface ProcessLiveness {

    /**
     * True when the process that took a lock still runs: the PID exists and, where both start times
     * are known, it started at the recorded moment (otherwise the PID was reused by another program).
     */
    boolean isRunning(long pid, Optional<Instant> recordedStart);
}
