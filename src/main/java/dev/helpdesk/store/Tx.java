package dev.helpdesk.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** One open store transaction: the tables a use case writes through, all committed together. */
public final class Tx {
    private final Statements statements;
    private final Engine engine;

    Tx(Statements statements, Engine engine) {
        this.statements = statements;
        this.engine = engine;
    }

    /** This database's spelling of what SQL does not say alike everywhere. */
    Engine engine() {
        return engine;
    }

    public LockTable locks() {
        return new LockTable(this);
    }

    public FolderTable folders() {
        return new FolderTable(this);
    }

    public LedgerTable ledger() {
        return new LedgerTable(this);
    }

    public MessageTable messages() {
        return new MessageTable(this);
    }

    public ConversationTable conversations() {
        return new ConversationTable(this);
    }

    public BlobTable blobs() {
        return new BlobTable(this);
    }

    public RefusalTable refusals() {
        return new RefusalTable(this);
    }

    public SetAsideTable setAside() {
        return new SetAsideTable(this);
    }

    public QuarantineTable quarantine() {
        return new QuarantineTable(this);
    }

    public ActionTable actions() {
        return new ActionTable(this);
    }

    public RunTable runs() {
        return new RunTable(this);
    }

    public CheckMarkTable checkMarks() {
        return new CheckMarkTable(this);
    }

    public TokenCacheTable tokenCaches() {
        return new TokenCacheTable(this);
    }

    /** Runs an INSERT ending in {@code RETURNING id} and returns that id: one statement, not two. */
    long insert(String sql, Object... args) {
        return queryOne(sql, row -> row.getLong(1), args).orElseThrow(
                () -> new StoreException("database statement returned no id: " + sql));
    }

    /** Rows per multi-row insert: a chunk's in one or two statements, far below either engine's parameter limit. */
    static final int ROWS_PER_STATEMENT = 100;

    /**
     * Parameter markers in parentheses: {@code (?, ?), (?, ?)} for two rows of two, for a multi-row {@code VALUES}
     * and, as one row, an {@code IN} list.
     */
    static String valueRows(int rows, int columns) {
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, row));
    }

    /**
     * Runs {@code statement} once per {@value #ROWS_PER_STATEMENT} items with their {@code VALUES} rows (markers)
     * and parameters, in order: a chunk's ledger and action rows, one statement rather than one each.
     */
    static <T> void inRows(List<T> items, Function<T, List<Object>> values, BiConsumer<String, Object[]> statement) {
        for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
            List<T> rows = items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT));
            List<Object> args = new ArrayList<>();
            int columns = 0;
            for (T item : rows) {
                List<Object> row = values.apply(item);
                columns = row.size();
                args.addAll(row);
            }
            statement.accept(valueRows(rows.size(), columns), args.toArray());
        }
    }

    /** Runs one statement and returns the number of rows it changed. */
    public int execute(String sql, Object... args) {
        try {
            return prepare(sql, args).executeUpdate();
        } catch (SQLException e) {
            throw engine.failure("database statement failed", e);
        }
    }

    /** The single number a query such as {@code SELECT count(*) ...} returns. */
    public long count(String sql, Object... args) {
        return queryOne(sql, row -> row.getLong(1), args).orElse(0L);
    }

    /** Maps every row of a query. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (ResultSet rows = prepare(sql, args).executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw engine.failure("database query failed", e);
        }
    }

    /** Hands every row of a query to {@code each} as it is read, holding none: for results of any size. */
    <T> int forEach(String sql, RowMapper<T> mapper, Consumer<T> each, Object... args) {
        try (ResultSet rows = prepare(sql, args).executeQuery()) {
            int count = 0;
            while (rows.next()) {
                each.accept(mapper.map(rows));
                count++;
            }
            return count;
        } catch (SQLException e) {
            throw engine.failure("database query failed", e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * The kept statement for {@code sql}, parameters cleared, for work that needs JDBC itself (a copy's batches and
     * streamed reads); bind through {@link #engine()}. Not to be closed by the caller.
     */
    PreparedStatement statement(String sql) throws SQLException {
        return statements.prepare(sql);
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = statements.prepare(sql);
        for (int i = 0; i < args.length; i++) {
            engine.bind(statement, i + 1, args[i]);
        }
        return statement;
    }

    /** Reads one result row into a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }
}
