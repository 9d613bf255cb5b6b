package dev.helpdesk.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's plans, by {@code EXPLAIN QUERY PLAN} of the statement's text, unbound. A plan line says SCAN (all of a
 * table) or SEARCH with the terms the index is searched by: {@code SEARCH messages USING INDEX
 * messages_by_message_id (mailbox=?)} reads a mailbox's messages, which is as wrong as a scan.
 */
final class SqlitePlans implements QueryPlans {
    private static final Pattern READ = Pattern.compile("^(SCAN|SEARCH) (\\S+)(.*)$");
    /** The terms an index is searched by: {@code (mailbox=? AND sha256=?)}, before any LEFT-JOIN. */
    private static final Pattern CONSTRAINTS = Pattern.compile("\\(([^()]*)\\)");

    private final Connection db;
    private final Set<String> growing;

    SqlitePlans(Connection db, Set<String> growing) {
        this.db = db;
        this.growing = growing;
    }

    @Override
    public Optional<String> problem(String sql) throws SQLException {
        if (sql.startsWith("PRAGMA")) {
            return Optional.empty(); // a pragma reads no table (and explaining one may run it)
        }
        List<String> plan = plan(db, sql);
        List<String> wrong = new ArrayList<>();
        for (String line : plan) {
            reason(sql, line).ifPresent(wrong::add);
        }
        return wrong.isEmpty() ? Optional.empty()
                : Optional.of(sql + "\n    " + String.join("\n    ", plan) + "\n  -> " + String.join("; ", wrong));
    }

    /** The lines of {@code EXPLAIN QUERY PLAN} for {@code sql}, unbound. */
    static List<String> plan(Connection db, String sql) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement explain = db.prepareStatement("EXPLAIN QUERY PLAN " + sql);
                ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.add(rows.getString("detail"));
            }
        }
        return plan;
    }

    private Optional<String> reason(String sql, String line) {
        Matcher read = READ.matcher(line);
        if (!read.matches()) {
            return Optional.empty();
        }
        String table = tableOf(read.group(2), sql);
        if (!growing.contains(table)) {
            return Optional.empty(); // a small table, json_each, a constant row, a subquery
        }
        if (read.group(1).equals("SCAN") || read.group(3).contains("AUTOMATIC")) {
            return Optional.of("reads all of " + table); // an automatic index is built from all of it
        }
        Matcher constraints = CONSTRAINTS.matcher(read.group(3));
        List<String> columns = constraints.find() ? List.of(constraints.group(1).split(" AND ")).stream()
                .map(term -> term.split("[=<>]| IS | IN ")[0]).toList() : List.of();
        return QueryPlans.sliceOnly(table, columns);
    }

    /** The table a plan names, seeing through an alias ({@code messages m}, {@code attachments AS a}). */
    private String tableOf(String name, String sql) {
        Matcher aliased = Pattern.compile("\\b(\\w+)\\s+(?:AS\\s+)?" + Pattern.quote(name) + "\\b").matcher(sql);
        while (!growing.contains(name) && aliased.find()) {
            if (growing.contains(aliased.group(1))) {
                return aliased.group(1);
            }
        }
        return name;
    }
}
