package dev.helpdesk.lock;

/** What the row of a lock means right now, judged from this host. */
public enum LockVerdict {
    /** Held by a process on this host that still runs, within its lease. */
    RUNNING("running", false),
    /** The holder on this host is gone (or its PID now belongs to another program). */
    STALE("stale: process gone", true),
    /** The lease ran out without a renewal, wherever the holder is. */
    EXPIRED("expired", true),
    /** Held within its lease by a process on another host, whose liveness cannot be checked from here. */
    OTHER_HOST("held on another host", false);

    private final String label;
    private final boolean free;

    LockVerdict(String label, boolean free) {
        this.label = label;
        this.free = free;
    }

    /** The words `lock show` prints. */
    public String label() {
        return label;
    }

    /** True when a new holder may take the lock over (and `lock release` frees it without --force). */
    public boolean free() {
        return free;
    }
}
