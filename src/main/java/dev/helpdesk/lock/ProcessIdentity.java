package dev.helpdesk.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who takes a lock: PID, host, start and a short summary of the command line.
 *
 * <p>{@code startTicks} (clock ticks since boot, from /proc/PID/stat) is what tells this process from a later
 * one that got the same PID; it means something only within {@code host}'s PID space. {@code start} is a
 * wall-clock time for people to read and is never compared: a clock step moves it.
 */
public record ProcessIdentity(long pid, HostIdentity hostIdentity, OptionalLong startTicks, Optional<Instant> start,
        String command) {

    public ProcessIdentity {
        Objects.requireNonNull(hostIdentity, "hostIdentity");
        Objects.requireNonNull(startTicks, "startTicks");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(command, "command");
        if (pid < 1) {
            throw new IllegalArgumentException("a PID is positive, got " + pid);
        }
    }

    /** The host name, for display and run records. */
    public String host() {
        return hostIdentity.name();
    }

    /** The running JVM, known by the given host name and command summary. */
    public static ProcessIdentity current(String host, String command) {
        return current(ProcFs.system(), host, command);
    }

    /**
     * This process as the given /proc sees it. Without a usable /proc (not Linux, or a /proc of another PID
     * namespace) it has no PID space and no start ticks: its locks are then freed by expiry only, never
     * judged stale, because nothing we could read instead (the JVM's start instant) survives a clock step.
     */
    static ProcessIdentity current(ProcFs proc, String host, String command) {
        Optional<PidSpace> pidSpace = proc.ownPidSpace();
        OptionalLong ticks = OptionalLong.empty();
        if (pidSpace.isPresent() && proc.startOf(proc.ownPid()) instanceof ProcFs.Ticks own) {
            ticks = OptionalLong.of(own.ticks());
        }
        OptionalLong startTicks = ticks;
        Optional<Instant> start = startTicks.isPresent()
                ? proc.bootTime().map(boot -> boot.plus(afterBoot(startTicks.getAsLong())))
                : Optional.empty();
        return new ProcessIdentity(proc.ownPid(), new HostIdentity(host, pidSpace), startTicks, start, command);
    }

    /** Start ticks as a duration since boot, for display. */
    static Duration afterBoot(long ticks) {
        return Duration.ofMillis(ticks * 1000 / ProcFs.TICKS_PER_SECOND);
    }
}
