package dev.helpdesk.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the database engines the store runs on; everything else (tables, SQL, migrations) is
 * written once. Statements here are run by the {@link Store} on its one connection.
 */
interface Engine {

    /** For messages: the file, or the database URL without credentials. */
    String describe();

    Connection connect() throws SQLException;

    /** What to tell the admin when {@link #connect()} failed. */
    StoreException openFailure(SQLException e);

    /** Settings of a new connection, made once before the schema is looked at. */
    void setUp(Connection connection) throws SQLException;

    /** Starts a write transaction: writers across processes and hosts take turns, one at a time. */
    List<String> beginWrite();

    /** Starts the write transaction that migrates the schema, as {@link #beginWrite()} for what it locks out. */
    List<String> beginSchemaChange();

    /** After the schema change ended (committed or rolled back): gives the turn to the next writer. */
    List<String> endSchemaChange();

    /** Around a write transaction whose commit must be on disk before the caller goes on. */
    List<String> beforeDurable();

    List<String> afterDurable();

    /** After a write transaction committed (SQLite: its log is due a checkpoint). */
    default void committed() {
    }

    /** Before the store's connection closes: stops what the engine runs beside it. */
    default void close() {
    }

    /**
     * The failure to report for a statement that failed ({@code what} says which): a plain {@link StoreException},
     * or a {@link StoreAccessException} when the database itself went out of reach, which ends the run.
     */
    default StoreException failure(String what, SQLException e) {
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    /** Starts a read-only snapshot that neither waits for a writer nor makes one wait. */
    List<String> beginRead();

    /** The schema version the database records (0 for an empty database). */
    int schemaVersion(Tx tx);

    void recordSchemaVersion(Tx tx, int version);

    /** One statement of a migration step, as this engine spells it (the steps are written in SQLite's types). */
    String migrationStatement(String statement);

    /**
     * What this engine changes besides the shared statements of the migration to schema {@code version}, where the
     * two databases' schemas differ: nothing, mostly.
     */
    default List<String> ownMigration(int version) {
        return List.of();
    }

    /** Binds one argument of a statement. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException;

    /** A subquery yielding the integers of a JSON array parameter, for {@code col IN (...)}. */
    String integersOfJsonArray();

    /**
     * A query for the database server's time in epoch milliseconds, when leases must be judged by one clock for
     * every host; empty when the store is this host's alone and its clock will do.
     */
    Optional<String> clockQuery();

    /** The names of the database's tables, the schema's as migrations made them (for a copy to check against). */
    List<String> tables(Tx tx);

    /**
     * After rows were inserted with their ids (a copy from another store), makes the table's generated ids
     * continue above the highest one, so the next row never collides with a copied one.
     */
    void continueIds(Tx tx, String table);
}
