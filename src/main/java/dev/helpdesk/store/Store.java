package dev.helpdesk.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The helpdesk database: one SQLite file, WAL, a busy timeout, and every write in a
 * {@code BEGIN IMMEDIATE} transaction so that concurrent cron runs queue instead of failing.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** Pages of WAL between automatic checkpoints (SQLite's default 1,000): see {@link #connectAndMigrate}. */
    private static final int WAL_PAGES_PER_CHECKPOINT = 10_000;

    private final Path file;
    private final Connection connection;
    private final Statements statements;

    private Store(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.statements = new Statements(connection);
    }

    /** Opens the database, creating it (mode 0600) and migrating its schema as needed. */
    public static Store open(Path file, String appVersion) {
        createPrivately(file);
        return connectAndMigrate(file, appVersion);
    }

    /** Opens the database only if it exists, so read-only commands never leave a file behind. */
    public static Optional<Store> openIfExists(Path file, String appVersion) {
        return Files.exists(file) ? Optional.of(connectAndMigrate(file, appVersion)) : Optional.empty();
    }

    public Path file() {
        return file;
    }

    /** Runs the work in one IMMEDIATE transaction: committed if it returns, rolled back if it throws. */
    public synchronized <T> T inTransaction(TxWork<T> work) {
        return inTransaction(work, false);
    }

    /**
     * As {@link #inTransaction(TxWork)}, and the commit is on disk before this returns: with WAL and
     * synchronous=NORMAL a commit is only durable at the next checkpoint, so this commit runs with
     * synchronous=FULL (an fsync of the WAL). For a chunk whose server actions move or remove mail.
     */
    public synchronized <T> T inDurableTransaction(TxWork<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(TxWork<T> work, boolean durable) {
        if (durable) {
            exec("PRAGMA synchronous = FULL");
        }
        try {
            return transaction("BEGIN IMMEDIATE", work);
        } finally {
            if (durable) {
                exec("PRAGMA synchronous = NORMAL");
            }
        }
    }

    /**
     * Runs read-only work on a snapshot (a deferred transaction): in WAL mode it neither waits for a writer
     * nor makes one wait, so status and the reading commands answer while a fetch is writing.
     */
    public synchronized <T> T read(TxWork<T> work) {
        return transaction("BEGIN DEFERRED", work);
    }

    private <T> T transaction(String begin, TxWork<T> work) {
        exec(begin);
        boolean committed = false;
        try {
            T result = work.run(new Tx(statements));
            exec("COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly();
            }
        }
    }

    public int schemaVersion() {
        return read(tx -> tx.queryOne("PRAGMA user_version", row -> row.getInt(1)).orElse(0));
    }

    @Override
    public synchronized void close() {
        statements.close();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("could not close the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivately(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException alreadyThere) {
            // Another process (or an earlier run) created it first; migrations sort out the rest.
        } catch (IOException e) {
            throw new StoreException("could not create the database " + file + ": " + e.getMessage()
                    + ". Check that the data directory exists and is writable by this user.", e);
        }
    }

    private static Store connectAndMigrate(Path file, String appVersion) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        // Off: sqlite-jdbc would otherwise parse every INSERT's SQL with a regex to offer generated keys,
        // which nothing here reads (ids come back from INSERT ... RETURNING id).
        config.setGetGeneratedKeys(false);
        // A drain dirties index pages all over a big store; with SQLite's defaults (a 2 MB page cache, a
        // checkpoint every 1,000 WAL pages) those pages were read again and copied into the database file
        // again at nearly every chunk. Measured with scripts/bench on 10,000 messages: the drain into a fresh
        // store 4.5-4.8 s -> 4.0-4.2 s, into a 100,000-message store 5.1-5.7 s -> 4.5-4.6 s. The cache is
        // allocated as pages are read; the WAL grows to about 40 MB between checkpoints.
        config.setCacheSize(-16 * 1024); // KiB
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException("could not open the database " + file + ": " + e.getMessage(), e);
        }
        Store store = new Store(file, connection);
        try {
            // journal_mode is persistent in the file: set it once, so opening never needs a lock afterwards.
            if (!store.read(tx -> tx.queryOne("PRAGMA journal_mode", row -> row.getString(1)).orElse(""))
                    .equalsIgnoreCase("wal")) {
                store.exec("PRAGMA journal_mode=WAL");
            }
            store.exec("PRAGMA wal_autocheckpoint = " + WAL_PAGES_PER_CHECKPOINT);
            store.migrate(appVersion);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Applies the missing migrations inside one IMMEDIATE transaction: of two processes opening a
     * fresh database at once, the second waits for the first and then finds nothing left to do.
     */
    private void migrate(String appVersion) {
        // Up to date is the common case: seen from a snapshot, so a reading command never waits for a writer.
        if (read(tx -> tx.queryOne("PRAGMA user_version", row -> row.getInt(1)).orElse(0)) == Migrations.latest()) {
            return;
        }
        inTransaction(tx -> {
            int current = tx.queryOne("PRAGMA user_version", row -> row.getInt(1)).orElse(0);
            if (current > Migrations.latest()) {
                String writtenBy = current > 0 ? tx.queryOne("SELECT value FROM meta WHERE key = 'app_version'",
                        row -> row.getString(1)).orElse("an unknown version") : "an unknown version";
                throw new SchemaTooNewException("the database " + file + " has schema version " + current
                        + ", written by helpdesk " + writtenBy + "; this helpdesk " + appVersion
                        + " knows schema versions up to " + Migrations.latest()
                        + ". Run the newer helpdesk, or point dataDir at another directory.");
            }
            if (current == Migrations.latest()) {
                LOG.debug("opened {} (schema version {})", file, current);
                return null;
            }
            LOG.info("migrating {} from schema version {} to {}", file, current, Migrations.latest());
            statements.close(); // DDL must not find a statement of ours open on a table it changes
            for (int step = current; step < Migrations.latest(); step++) {
                execScript(Migrations.STEPS.get(step));
            }
            tx.execute("PRAGMA user_version = " + Migrations.latest());
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', ?)", appVersion);
            return null;
        });
    }

    private void execScript(String script) {
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                exec(statement);
            }
        }
    }

    private void exec(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + sql.strip().split("\\s+")[0] + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // The transaction may already be gone (SQLite rolls back on some errors itself); the
            // original failure is what the caller needs to see, so it is not masked here.
        }
    }
}
