package dev.helpdesk.lock;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Process liveness from the operating system's process table; it only looks, it never signals. */
public final class SystemProcesses implements ProcessLiveness {

    @Override
    public boolean isRunning(long pid, Optional<Instant> recordedStart) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> actualStart = startOf(process.get());
        return recordedStart.isEmpty() || actualStart.isEmpty() || recordedStart.equals(actualStart);
    }

    /** Start time truncated to milliseconds, the precision the lock row stores. */
    static Optional<Instant> startOf(ProcessHandle process) {
        return process.info().startInstant().map(start -> start.truncatedTo(ChronoUnit.MILLIS));
    }
}
