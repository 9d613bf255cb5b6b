package dev.helpdesk.monitor;

/** A monitoring verdict, best first, as monitoring plugins know them (the CLI maps each to its exit code). */
public enum State {
    OK,
    WARNING,
    CRITICAL,
    /** The check itself could not tell: no config, no database, an error. */
    UNKNOWN;

    /** The worse of two states. */
    public State worst(State other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
