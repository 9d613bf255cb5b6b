package dev.helpdesk.lock;

/** A lock operation the admin asked for that cannot be done as asked; the message says what to do. */
public final class LockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused, so the CLI can choose the exit code. */
    public enum Reason {
        /** No lock has that name. */
        UNKNOWN_NAME,
        /** A live holder owns it and --force was not given. */
        HELD
    }

    private final Reason reason;

    LockException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
