package dev.helpdesk.copy;

/**
 * The copy cannot start as configured (a token cache and no key to seal it with, a key or cache file that is not
 * usable); the message names the file and the fix. Nothing was written to the target.
 */
public final class CopyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CopyException(String message) {
        super(message);
    }
}
