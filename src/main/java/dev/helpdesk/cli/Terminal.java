package dev.helpdesk.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Whether stderr is a terminal, as {@code main} found out, with the raw stream to draw on and its width (asked
 * only when a live line is drawn). Cron's stderr is a file or a pipe, so it never gets a progress line.
 */
final class Terminal {
    private final Optional<PrintWriter> stderr;
    private final IntSupplier columns;

    private Terminal(Optional<PrintWriter> stderr, IntSupplier columns) {
        this.stderr = stderr;
        this.columns = columns;
    }

    /** Not a terminal: a file, a pipe, a test's buffer. */
    static Terminal none() {
        return new Terminal(Optional.empty(), () -> 80);
    }

    /**
     * @param raw stderr without the escaping net: the live line needs its carriage returns, and it carries only
     *     numbers and a configured mailbox name
     */
    static Terminal stderr(PrintWriter raw, IntSupplier columns) {
        return new Terminal(Optional.of(raw), columns);
    }

    Optional<PrintWriter> stderr() {
        return stderr;
    }

    int columns() {
        return columns.getAsInt();
    }
}
