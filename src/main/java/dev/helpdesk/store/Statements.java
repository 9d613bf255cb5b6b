package dev.helpdesk.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prepared statements of one connection, kept for reuse. A drain runs the same few dozen statements for
 * every message, and preparing them (parsing the SQL, planning) cost about as much as running them. The
 * least recently used are closed beyond {@value #MAX}, as statements with a varying number of parameters
 * (IN lists) each have their own text. Not thread-safe: the store serialises its transactions.
 */
final class Statements implements AutoCloseable {
    static final int MAX = 128;

    private final Connection connection;
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    Statements(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql}, its parameters cleared; not to be closed by the caller. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = cache.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            cache.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /**
     * The SQL texts of the statements kept now, for the test that checks their query plans (DrainQueryPlansTest):
     * a drain's statements must find their rows through an index, which no result of theirs shows.
     */
    Set<String> sql() {
        return Set.copyOf(cache.keySet());
    }

    /** Closes every kept statement, as before DDL that must not find one of them open. */
    @Override
    public void close() {
        cache.values().forEach(Statements::closeQuietly);
        cache.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // Closing a statement frees native memory; a failure leaves nothing to undo.
        }
    }
}
