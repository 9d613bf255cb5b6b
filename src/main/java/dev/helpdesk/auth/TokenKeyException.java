package dev.helpdesk.auth;

import java.nio.file.Path;

/**
 * The token key file cannot be used; the setup is invalid for every mailbox, so the run stops before any of
 * them. The message names the file, what is wrong with it and the command that fixes it, never its content.
 */
public final class TokenKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    TokenKeyException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** The key file that was refused. */
    public Path file() {
        return file;
    }
}
