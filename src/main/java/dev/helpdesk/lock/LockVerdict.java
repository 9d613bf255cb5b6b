package dev.helpdesk.lock;

/** What the row of a lock means right now, judged from this host. */
public enum LockVerdict {
    /** Held within its lease by a process that runs here, or that nothing proves gone (an older helpdesk's row). */
    RUNNING("running", false),
    /** The holder ran in our PID space and is provably gone: its PID is free or belongs to a later process. */
    STALE("stale: process gone", true),
    /** The lease ran out without a renewal, wherever the holder is. */
    EXPIRED("expired", true),
    /**
     * Held within its lease by a process of another host, boot or PID namespace (a container with our host name
     * counts as another host), whose liveness cannot be checked from here.
     */
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
