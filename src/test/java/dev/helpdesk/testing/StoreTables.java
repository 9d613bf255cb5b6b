package dev.helpdesk.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store's tables read with plain JDBC, beside the store's own code, so a test can compare two stores row by row
 * whatever engine holds them: each row as its columns by name, values in one spelling (integers as numbers,
 * bytes in hex), sorted.
 */
public final class StoreTables {
    private final String url;
    private final String user;
    private final String password;

    private StoreTables(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static StoreTables sqlite(Path file) {
        return new StoreTables("jdbc:sqlite:" + file, "", "");
    }

    public static StoreTables postgres(Postgres.Database database) {
        return new StoreTables(database.url() + "?sslmode=disable", database.user(), database.password());
    }

    /** Every table a copy carries over: the schema's, without meta and locks. */
    public List<String> copiedTables() {
        List<String> tables = new ArrayList<>(column("SELECT name FROM sqlite_master WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite%' ORDER BY name"));
        tables.removeAll(List.of("meta", "locks"));
        return tables;
    }

    /** A table's rows, or the single number of a query starting with SELECT. */
    public long count(String tableOrQuery) {
        String sql = tableOrQuery.startsWith("SELECT") ? tableOrQuery : "SELECT count(*) FROM " + tableOrQuery;
        return query(sql, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        copiedTables().forEach(table -> counts.put(table, count(table)));
        return counts;
    }

    /** Every row of the table, sorted, each as {@code column=value} pairs in column-name order. */
    public List<String> rows(String table) {
        return query("SELECT * FROM " + table, rows -> {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> all = new ArrayList<>();
            while (rows.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    row.put(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT), value == null ? "NULL"
                            : value instanceof byte[] bytes ? "x'" + HexFormat.of().formatHex(bytes) + "'"
                            : value instanceof Number number ? Long.toString(number.longValue()) : "'" + value + "'");
                }
                all.add(row.toString());
            }
            all.sort(null);
            return all;
        });
    }

    public List<String> column(String sql) {
        return query(sql, rows -> {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        });
    }

    public String text(String sql) {
        return column(sql).get(0);
    }

    public byte[] bytes(String sql) {
        return query(sql, rows -> {
            rows.next();
            return rows.getBytes(1);
        });
    }

    public void execute(String sql) {
        query(null, rows -> null, sql);
    }

    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader) {
        return query(sql, reader, null);
    }

    private <T> T query(String sql, Reader<T> reader, String update) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            if (update != null) {
                statement.execute(update);
                return null;
            }
            try (ResultSet rows = statement.executeQuery(sql)) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new AssertionError(url + ": " + (sql != null ? sql : update) + ": " + e.getMessage(), e);
        }
    }
}
