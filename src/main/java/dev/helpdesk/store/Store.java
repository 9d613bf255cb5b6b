package dev.helpdesk.store;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helpdesk database, on SQLite (one file, this host) or PostgreSQL (shared by several hosts): one
 * connection, transactions that writers take one at a time, and reading snapshots that never wait for them.
 * What differs between the two is the {@link Engine}'s; tables, SQL and migrations are written once.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Engine engine;
    private final Connection connection;
    private final Statements statements;

    private Store(Engine engine, Connection connection) {
        this.engine = engine;
        this.connection = connection;
        this.statements = new Statements(connection);
    }

    /** Opens the database, creating it as needed (a SQLite file with mode 0600) and migrating its schema. */
    public static Store open(StoreTarget target, String appVersion) {
        if (target instanceof StoreTarget.Sqlite sqlite) {
            SqliteEngine engine = new SqliteEngine(sqlite.file());
            engine.createPrivately();
            return connectAndMigrate(engine, appVersion);
        }
        return connectAndMigrate(new PostgresEngine((StoreTarget.Postgres) target), appVersion);
    }

    /**
     * Opens the database only if it exists, so read-only commands never leave a file behind. A PostgreSQL
     * database is made by its administrator, so it always exists.
     */
    public static Optional<Store> openIfExists(StoreTarget target, String appVersion) {
        if (target instanceof StoreTarget.Sqlite sqlite && !Files.exists(sqlite.file())) {
            return Optional.empty();
        }
        return Optional.of(open(target, appVersion));
    }

    /** For messages: the file, or the database URL without credentials. */
    public String describe() {
        return engine.describe();
    }

    /**
     * The clock leases are judged by: the database server's where several hosts share the store (so they all
     * agree when a lease ran out), else {@code local}.
     */
    public Clock leaseClock(Clock local) {
        return engine.clockQuery().<Clock>map(query -> new ServerClock(query)).orElse(local);
    }

    /** Runs the work in one write transaction: committed if it returns, rolled back if it throws. */
    public synchronized <T> T inTransaction(TxWork<T> work) {
        return inTransaction(work, false);
    }

    /**
     * As {@link #inTransaction(TxWork)}, and the commit is on disk before this returns (with SQLite's WAL and
     * synchronous=NORMAL a commit is only durable at the next checkpoint). For a chunk whose server actions move
     * or remove mail.
     */
    public synchronized <T> T inDurableTransaction(TxWork<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(TxWork<T> work, boolean durable) {
        if (durable) {
            engine.beforeDurable().forEach(this::exec);
        }
        try {
            T result = transaction(engine.beginWrite(), work);
            engine.committed();
            return result;
        } finally {
            if (durable) {
                engine.afterDurable().forEach(this::exec);
            }
        }
    }

    /**
     * Runs read-only work on a snapshot: it neither waits for a writer nor makes one wait, so status and the
     * reading commands answer while a fetch is writing.
     */
    public synchronized <T> T read(TxWork<T> work) {
        return transaction(engine.beginRead(), work);
    }

    private <T> T transaction(List<String> begin, TxWork<T> work) {
        boolean committed = false;
        try {
            begin.forEach(this::exec);
            T result = work.run(new Tx(statements, engine));
            exec("COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                // The transaction may already be gone (SQLite rolls back on some errors itself); the original
                // failure is what the caller needs to see, so it is not masked here.
                execQuietly("ROLLBACK");
            }
        }
    }

    public int schemaVersion() {
        return read(engine::schemaVersion);
    }

    /** The SQL this store's connection has prepared and keeps (see {@link Statements#sql()}), for plan checks. */
    synchronized Set<String> preparedSql() {
        return statements.sql();
    }

    @Override
    public synchronized void close() {
        engine.close();
        statements.close();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("could not close the database " + describe() + ": " + e.getMessage(), e);
        }
    }

    private static Store connectAndMigrate(Engine engine, String appVersion) {
        Connection connection;
        try {
            connection = engine.connect();
        } catch (SQLException e) {
            throw engine.openFailure(e);
        }
        Store store = new Store(engine, connection);
        try {
            engine.setUp(connection);
            store.migrate(appVersion);
            return store;
        } catch (SQLException e) {
            store.close();
            throw new StoreException("could not set up the database " + engine.describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Applies the missing migrations inside one write transaction: of two processes opening a fresh database at
     * once, the second waits for the first and then finds nothing left to do.
     */
    private void migrate(String appVersion) {
        // Up to date is the common case: seen from a snapshot, so a reading command never waits for a writer.
        if (schemaVersion() == Migrations.latest()) {
            return;
        }
        try {
            transaction(engine.beginSchemaChange(), tx -> migrateIn(tx, appVersion));
        } finally {
            // Quietly: when the connection is gone, so is the turn, and the failure that matters is already thrown.
            engine.endSchemaChange().forEach(this::execQuietly);
        }
    }

    private Void migrateIn(Tx tx, String appVersion) {
        int current = engine.schemaVersion(tx);
        if (current > Migrations.latest()) {
            String writtenBy = current > 0 ? tx.queryOne("SELECT value FROM meta WHERE key = 'app_version'",
                    row -> row.getString(1)).orElse("an unknown version") : "an unknown version";
            throw new SchemaTooNewException("the database " + describe() + " has schema version " + current
                    + ", written by helpdesk " + writtenBy + "; this helpdesk " + appVersion
                    + " knows schema versions up to " + Migrations.latest()
                    + ". Run the newer helpdesk, or point the config at another database.");
        }
        if (current == Migrations.latest()) {
            LOG.debug("opened {} (schema version {})", describe(), current);
            return null;
        }
        LOG.info("migrating {} from schema version {} to {}", describe(), current, Migrations.latest());
        statements.close(); // DDL must not find a statement of ours open on a table it changes
        for (int step = current; step < Migrations.latest(); step++) {
            for (String statement : Migrations.STEPS.get(step).split(";")) {
                if (!statement.isBlank()) {
                    exec(engine.migrationStatement(statement));
                }
            }
            engine.ownMigration(step + 1).forEach(this::exec);
        }
        engine.recordSchemaVersion(tx, Migrations.latest());
        tx.execute("INSERT INTO meta (key, value) VALUES ('app_version', ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value", appVersion);
        return null;
    }

    private void exec(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw engine.failure("database " + describe() + ": " + sql.strip().split("\\s+")[0] + " failed", e);
        }
    }

    private void execQuietly(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            // See the callers: nothing is left to undo, and a failure in hand must not be masked.
        }
    }

    private synchronized Instant serverTime(String query) {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return Instant.ofEpochMilli(row.getLong(1));
        } catch (SQLException e) {
            throw engine.failure("could not read the clock of the database " + describe(), e);
        }
    }

    /** The database server's clock, read on the store's connection (inside a transaction or not). */
    private final class ServerClock extends Clock {
        private final String query;

        ServerClock(String query) {
            this.query = query;
        }

        @Override
        public Instant instant() {
            return serverTime(query);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the database clock is in UTC");
        }
    }
}
