package dev.helpdesk.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite file: WAL, a busy timeout, and every write in a {@code BEGIN IMMEDIATE} transaction so that
 * concurrent cron runs queue instead of failing. Its clock is this host's: only this host uses the file.
 */
final class SqliteEngine implements Engine {
    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** Pages of WAL between automatic checkpoints (SQLite's default 1,000): see {@link #connect}. */
    private static final int WAL_PAGES_PER_CHECKPOINT = 10_000;

    private final Path file;
    private final WalCheckpoints checkpoints = new WalCheckpoints(this);

    SqliteEngine(Path file) {
        this.file = file;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    /** Creates the file (mode 0600) unless it exists. */
    void createPrivately() {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException alreadyThere) {
            // Another process (or an earlier run) created it first; migrations sort out the rest.
        } catch (IOException e) {
            throw new StoreException("could not create the database " + file + ": " + e.getMessage()
                    + ". Check that the data directory exists and is writable by this user.", e);
        }
    }

    @Override
    public Connection connect() throws SQLException {
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
        return config.createConnection("jdbc:sqlite:" + file);
    }

    @Override
    public StoreException openFailure(SQLException e) {
        return new StoreException("could not open the database " + file + ": " + e.getMessage(), e);
    }

    @Override
    public void setUp(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // journal_mode is persistent in the file: set it once, so opening never needs a lock afterwards.
            String mode;
            try (ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
                mode = row.next() ? row.getString(1) : "";
            }
            if (!mode.equalsIgnoreCase("wal")) {
                statement.execute("PRAGMA journal_mode=WAL");
            }
            statement.execute("PRAGMA wal_autocheckpoint = " + WAL_PAGES_PER_CHECKPOINT);
        }
    }

    @Override
    public List<String> beginWrite() {
        return List.of("BEGIN IMMEDIATE");
    }

    @Override
    public List<String> beginSchemaChange() {
        return beginWrite();
    }

    /** Nothing: the end of the transaction ended its lock. */
    @Override
    public List<String> endSchemaChange() {
        return List.of();
    }

    /** With WAL and synchronous=NORMAL a commit is only durable at the next checkpoint; FULL fsyncs the WAL. */
    @Override
    public List<String> beforeDurable() {
        return List.of("PRAGMA synchronous = FULL");
    }

    @Override
    public List<String> afterDurable() {
        return List.of("PRAGMA synchronous = NORMAL");
    }

    @Override
    public void committed() {
        checkpoints.committed();
    }

    @Override
    public void close() {
        checkpoints.close();
    }

    /** A deferred transaction: in WAL mode a snapshot that takes no lock. */
    @Override
    public List<String> beginRead() {
        return List.of("BEGIN DEFERRED");
    }

    @Override
    public int schemaVersion(Tx tx) {
        return tx.queryOne("PRAGMA user_version", row -> row.getInt(1)).orElse(0);
    }

    @Override
    public void recordSchemaVersion(Tx tx, int version) {
        tx.execute("PRAGMA user_version = " + version);
    }

    @Override
    public String migrationStatement(String statement) {
        return statement;
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public String integersOfJsonArray() {
        return "SELECT value FROM json_each(?)";
    }

    @Override
    public Optional<String> clockQuery() {
        return Optional.empty();
    }

    @Override
    public List<String> tables(Tx tx) {
        return tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + " ORDER BY name", row -> row.getString(1));
    }

    /** Nothing to do: an INTEGER PRIMARY KEY is the rowid, and a new row gets the highest one plus one. */
    @Override
    public void continueIds(Tx tx, String table) {
    }
}
