package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What ClusterIT reads from the store its hosts share: runs, locks and messages, by plain SQL. */
final class ClusterDatabase {
    private final Postgres.Database database;

    ClusterDatabase(Postgres.Database database) {
        this.database = database;
    }

    /** Reads the rows of one query. */
    interface Rows {
        void read(ResultSet rows) throws SQLException;
    }

    /** True once {@code host} holds the lock; false too while the first host is still creating the tables. */
    boolean holds(String host, String lock) throws SQLException {
        return countOnceCreated("SELECT count(*) FROM locks WHERE name = '" + lock + "' AND owner_host = '" + host
                + "'") > 0;
    }

    /** Mailbox and sha256 pairs stored more than once. */
    long duplicates() throws SQLException {
        return count("SELECT count(*) FROM (SELECT 1 FROM messages GROUP BY mailbox, sha256 HAVING count(*) > 1) d");
    }

    /** "host outcome" of each run of a mailbox, oldest first. */
    List<String> runs(String mailbox) throws SQLException {
        List<String> runs = new ArrayList<>();
        query("SELECT host, outcome FROM runs WHERE mailbox = ? ORDER BY id", rows -> {
            while (rows.next()) {
                runs.add(rows.getString(1) + " " + rows.getString(2));
            }
        }, mailbox);
        return runs;
    }

    /** The one number a query answers. */
    long count(String sql) throws SQLException {
        long[] value = new long[1];
        query(sql, rows -> {
            assertTrue(rows.next(), sql);
            value[0] = rows.getLong(1);
        });
        return value[0];
    }

    /** As {@link #count}, and 0 while the database has no tables yet (the first host creates them). */
    long countOnceCreated(String sql) throws SQLException {
        try {
            return count(sql);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table
                return 0;
            }
            throw e;
        }
    }

    void query(String sql, Rows reader, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                reader.read(rows);
            }
        }
    }
}
