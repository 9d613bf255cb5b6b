package dev.helpdesk.store;

/**
 * The database could not be opened: the server is not reachable from here (try again later, or check the
 * network), or it refused us as configured (the URL, role, password or database must change).
 */
public final class StoreAccessException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final boolean misconfigured;

    public StoreAccessException(String message, boolean misconfigured, Throwable cause) {
        super(message, cause);
        this.misconfigured = misconfigured;
    }

    /** True when the config must change; false when the server was not reachable. */
    public boolean misconfigured() {
        return misconfigured;
    }
}
