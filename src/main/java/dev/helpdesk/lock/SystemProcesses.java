package dev.helpdesk.lock;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process liveness from /proc, compared in clock ticks since boot within one PID space; it only looks, it
 * never signals. Nothing here reads the wall clock, so stepping it (NTP, VM resume) changes no verdict.
 */
public final class SystemProcesses implements ProcessLiveness {
    private static final Logger LOG = LoggerFactory.getLogger(SystemProcesses.class);

    private final ProcFs proc;

    public SystemProcesses() {
        this(ProcFs.system());
    }

    SystemProcesses(ProcFs proc) {
        this.proc = proc;
    }

    @Override
    public boolean isGone(ProcessIdentity holder) {
        Optional<PidSpace> here = proc.ownPidSpace();
        if (here.isEmpty() || !here.equals(holder.hostIdentity().pidSpace())) {
            return false; // a PID of another kernel run or namespace names nothing we can look up
        }
        ProcFs.Start now = proc.startOf(holder.pid());
        if (now instanceof ProcFs.Absent) {
            return !proc.mayHideProcesses();
        }
        if (now instanceof ProcFs.Ticks ticks) {
            // A zombie keeps its start ticks and counts as running: a leader thread that exited shows as one
            // while the rest of its process still runs, so "zombie" is not proof of death.
            return holder.startTicks().isPresent() && holder.startTicks().getAsLong() != ticks.ticks();
        }
        LOG.debug("cannot tell whether PID {} still runs, so it counts as running: {}", holder.pid(),
                ((ProcFs.Unknown) now).why());
        return false;
    }
}
