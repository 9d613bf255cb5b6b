package dev.helpdesk.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database shared by several hosts, through the official JDBC driver. The store's code was written
 * for one writer at a time (SQLite's {@code BEGIN IMMEDIATE}), and it keeps that rule here: every write
 * transaction is bracketed by one advisory lock, so writers on all hosts take turns and can never
 * deadlock on rows they share (customers, blobs). Write transactions are short (mail is fetched and parsed before
 * one begins); hosts work in parallel everywhere else. Reads are repeatable-read snapshots that take no lock.
 * Leases are judged by the server's clock.
 */
final class PostgresEngine implements Engine {
    /** The advisory lock key of the one-writer rule: "helpdesk" in ASCII. */
    private static final long WRITER_LOCK = 0x68656c7064657368L;
    /** As SQLite's busy timeout: how long a writer waits for its turn before the run fails with a clear error. */
    private static final String LOCK_TIMEOUT = "30s";
    /**
     * A frozen or vanished process must not hold the writers' turn forever: the server ends a session that sits
     * in an open transaction this long (and a session's advisory locks end with it). Our transactions never
     * pause between statements for longer.
     */
    private static final String IDLE_IN_TRANSACTION_TIMEOUT = "60s";
    /**
     * The same for a transaction that holds the writers' turn, and shorter than {@link #LOCK_TIMEOUT}: a host
     * frozen inside one (a paused VM, SIGSTOP) loses its session before the writers waiting for the turn give
     * up, so their runs go on instead of failing. A write transaction runs its statements back to back.
     */
    private static final String WRITER_IDLE_TIMEOUT = "10s";
    private static final Pattern INTEGER_KEY = Pattern.compile("\\bINTEGER PRIMARY KEY\\b");
    private static final Pattern INTEGER = Pattern.compile("\\bINTEGER\\b");
    private static final Pattern BLOB = Pattern.compile("\\bBLOB\\b");
    private static final Pattern INSERT_OR_IGNORE = Pattern.compile("^(\\s*)INSERT OR IGNORE INTO\\b");

    private final StoreTarget.Postgres target;

    PostgresEngine(StoreTarget.Postgres target) {
        this.target = target;
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.user());
        properties.setProperty("password", target.password());
        properties.setProperty("ApplicationName", "helpdesk");
        properties.setProperty("tcpKeepAlive", "true");
        target.sslMode().ifPresent(mode -> properties.setProperty("sslmode", mode));
        target.sslRootCert().ifPresent(file -> properties.setProperty("sslrootcert", file.toString()));
        return DriverManager.getConnection(target.url(), properties);
    }

    /**
     * The config must change for SQLSTATE class 28 (authorization) and 3D000 (no such database); anything else
     * (refused, timed out, no route) is a server out of reach, which the next run tries again.
     */
    @Override
    public StoreException openFailure(SQLException e) {
        boolean refused = state(e).startsWith("28") || state(e).equals("3D000");
        return new StoreAccessException("could not open the database " + describe() + ": " + why(e)
                + (refused ? ". Check the store settings (url, user, password) in the config."
                        : ". Check that the database server runs and this host can reach it; the next run tries"
                                + " again."),
                refused, e);
    }

    /**
     * A connection that broke or was ended under a statement (SQLSTATE class 08, or 57P01-57P03: the server shut
     * down or restarted) is the database out of reach, as at opening: the run ends with what it committed kept.
     */
    @Override
    public StoreException failure(String what, SQLException e) {
        if (!state(e).startsWith("08") && !state(e).startsWith("57P0")) {
            return Engine.super.failure(what, e);
        }
        return new StoreAccessException("lost the connection to the database " + describe() + ": " + why(e)
                + ". What this run committed is kept, and the next run carries on from there. Check that the"
                + " database server runs and this host can reach it.", false, e);
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    /** The driver's message as the middle of a sentence: trimmed, without its closing full stop. */
    private static String why(SQLException e) {
        return String.valueOf(e.getMessage()).strip().replaceAll("\\.+$", "");
    }

    @Override
    public void setUp(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            statement.execute("SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION_TIMEOUT + "'");
        }
    }

    /**
     * The turn is the transaction's own lock: it ends with the transaction, also when the server ends a session
     * that a frozen host left in it ({@link #WRITER_IDLE_TIMEOUT}).
     */
    @Override
    public List<String> beginWrite() {
        return List.of("BEGIN ISOLATION LEVEL READ COMMITTED",
                "SET LOCAL idle_in_transaction_session_timeout = '" + WRITER_IDLE_TIMEOUT + "'",
                "SELECT pg_advisory_xact_lock(" + WRITER_LOCK + ")");
    }

    /**
     * A schema change takes the turn before its transaction begins: a transaction keeps the catalog it began with,
     * so one that waited inside for another migrating process went on to miss the tables just created (seen as
     * "relation meta already exists" with eight processes opening a new database at once). Held for a moment
     * outside a transaction, so only here.
     */
    @Override
    public List<String> beginSchemaChange() {
        return List.of("SELECT pg_advisory_lock(" + WRITER_LOCK + ")", "BEGIN ISOLATION LEVEL READ COMMITTED");
    }

    @Override
    public List<String> endSchemaChange() {
        return List.of("SELECT pg_advisory_unlock(" + WRITER_LOCK + ")");
    }

    /** Nothing to add: with synchronous_commit on (the server's default) every commit is flushed before it returns. */
    @Override
    public List<String> beforeDurable() {
        return List.of();
    }

    @Override
    public List<String> afterDurable() {
        return List.of();
    }

    @Override
    public List<String> beginRead() {
        return List.of("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }

    @Override
    public int schemaVersion(Tx tx) {
        if (tx.queryOne("SELECT to_regclass('meta') IS NOT NULL", row -> row.getBoolean(1)).orElse(false)) {
            return tx.queryOne("SELECT value FROM meta WHERE key = 'schema_version'",
                    row -> Integer.parseInt(row.getString(1))).orElse(0);
        }
        return 0;
    }

    @Override
    public void recordSchemaVersion(Tx tx, int version) {
        tx.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value", Integer.toString(version));
    }

    /**
     * SQLite's types as PostgreSQL's: integers are 64-bit (times are epoch milliseconds), an integer key is an
     * identity column, a BLOB is bytea; and {@code INSERT OR IGNORE} is {@code ON CONFLICT DO NOTHING}.
     */
    @Override
    public String migrationStatement(String statement) {
        String sql = INTEGER_KEY.matcher(statement).replaceAll("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        sql = INTEGER.matcher(sql).replaceAll("BIGINT");
        sql = BLOB.matcher(sql).replaceAll("BYTEA");
        Matcher ignore = INSERT_OR_IGNORE.matcher(sql);
        if (ignore.find()) {
            sql = ignore.replaceFirst("$1INSERT INTO") + " ON CONFLICT DO NOTHING";
        }
        return sql;
    }

    /**
     * 14: a message's raw bytes are a blob without a name. SQLite lets a TEXT PRIMARY KEY hold NULL (documented, kept
     * for compatibility); PostgreSQL's primary key cannot, so the hash becomes a unique key instead, on which NULLs
     * never conflict. The attachments' reference to it is dropped with the primary key and made again.
     */
    @Override
    public List<String> ownMigration(int version) {
        return version != 14 ? List.of() : List.of(
                "ALTER TABLE blobs DROP CONSTRAINT blobs_pkey CASCADE",
                "ALTER TABLE blobs ALTER COLUMN sha256 DROP NOT NULL",
                "ALTER TABLE blobs ADD CONSTRAINT blobs_by_hash UNIQUE (sha256)",
                "ALTER TABLE attachments ADD FOREIGN KEY (sha256) REFERENCES blobs (sha256)");
    }

    /**
     * Flags are integers in the schema, and text in PostgreSQL cannot hold U+0000, which mail does contain: the
     * raw message keeps every byte in the blob store, the decoded text shows the character as U+FFFD.
     */
    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Boolean flag) {
            statement.setLong(index, flag ? 1 : 0);
        } else if (value instanceof String text && text.indexOf('\0') >= 0) {
            statement.setString(index, text.replace('\0', '\uFFFD'));
        } else if (value == null) {
            statement.setNull(index, Types.NULL);
        } else {
            statement.setObject(index, value);
        }
    }

    @Override
    public String integersOfJsonArray() {
        return "SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT)";
    }

    @Override
    public Optional<String> clockQuery() {
        return Optional.of("SELECT CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS BIGINT)");
    }

    @Override
    public List<String> tables(Tx tx) {
        return tx.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name", row -> row.getString(1));
    }

    /**
     * An identity column hands out ids from its own sequence, which knows nothing of ids inserted explicitly: it is
     * moved past the table's highest id, else the next insert would fail on a copied row's key.
     */
    @Override
    public void continueIds(Tx tx, String table) {
        List<String> columns = tx.query("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(CAST(? AS text))"
                + " AND attidentity <> '' AND NOT attisdropped", row -> row.getString(1), table);
        for (String column : columns) {
            tx.queryOne("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(" + column + ") FROM "
                    + table + "), 0) + 1, false)", row -> row.getLong(1), table, column);
        }
    }
}
