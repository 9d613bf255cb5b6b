package dev.helpdesk.lock;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Who takes a lock: this process's PID, host, start time and a short summary of its command line. */
public record ProcessIdentity(long pid, String host, Optional<Instant> start, String command) {

    public ProcessIdentity {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(command, "command");
        if (pid < 1) {
            throw new IllegalArgumentException("a PID is positive, got " + pid);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host name is blank");
        }
    }

    /** The running JVM, known by the given host name and command summary. */
    public static ProcessIdentity current(String host, String command) {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(self.pid(), host, SystemProcesses.startOf(self), command);
    }
}
