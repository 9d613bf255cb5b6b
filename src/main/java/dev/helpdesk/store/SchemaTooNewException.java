package dev.helpdesk.store;

/** The database was migrated by a newer helpdesk than this one; writing to it could corrupt it. */
public final class SchemaTooNewException extends StoreException {
    private static final long serialVersionUID = 1L;

    SchemaTooNewException(String message) {
        super(message);
    }
}
