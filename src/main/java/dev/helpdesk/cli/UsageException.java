package dev.helpdesk.cli;

/** The command line asked for something that cannot be done as written; exit 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
