package dev.helpdesk.mail;

/**
 * Raw bytes that {@link MessageParser} cannot turn into a message; the message says why. Checked, so every
 * caller decides what happens to the bytes (the drain quarantines them) instead of losing the mailbox run.
 */
public final class UnparseableMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnparseableMessageException(String message) {
        super(message);
    }

    public UnparseableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
