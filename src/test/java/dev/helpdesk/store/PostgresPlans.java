package dev.helpdesk.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's plans: each statement is prepared with its parameters unbound and explained as the generic plan
 * ({@code plan_cache_mode = force_generic_plan}), the one a statement run again and again ends up with. Sequential
 * scans are priced out ({@code enable_seqscan = off}): the few rows of a test make reading a whole table the
 * cheapest plan for every statement, so a scan still chosen is one no index can avoid. An index read with no
 * condition, or one only on a slice's columns, reads as much as a scan.
 */
final class PostgresPlans implements QueryPlans {
    /** The statements a plan is made for; the rest (BEGIN, SET, advisory locks) read no table. */
    private static final Pattern EXPLAINABLE = Pattern.compile("^(SELECT|INSERT|UPDATE|DELETE|WITH)\\b.*",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    /** The column on the left of each comparison of an index condition: {@code ((mailbox = $1) AND (uid = $2))}. */
    private static final Pattern COMPARED = Pattern.compile("\\((?:\\w+\\.)?(\\w+)\\s*(?:=|<>|<=|>=|<|>|IS\\b)");

    private final Connection db;
    private final Set<String> growing;
    private final ObjectMapper json = new ObjectMapper();
    private int statements;

    PostgresPlans(Connection db, Set<String> growing) throws SQLException {
        this.db = db;
        this.growing = growing;
        try (Statement settings = db.createStatement()) {
            settings.execute("SET plan_cache_mode = force_generic_plan");
            settings.execute("SET enable_seqscan = off");
            settings.execute("SET enable_hashjoin = off");
            settings.execute("SET enable_mergejoin = off");
        }
    }

    @Override
    public Optional<String> problem(String sql) throws SQLException {
        if (!EXPLAINABLE.matcher(sql.strip()).matches()) {
            return Optional.empty();
        }
        String name = "drain_statement_" + ++statements;
        int parameters = 0;
        StringBuilder numbered = new StringBuilder();
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameters : String.valueOf(c)); // no statement quotes a ?
        }
        JsonNode plan;
        try (Statement statement = db.createStatement()) {
            statement.execute("PREPARE " + name + " AS " + numbered);
            String arguments = parameters == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parameters, "NULL"))
                    + ")";
            try (ResultSet rows = statement.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE " + name + arguments)) {
                rows.next();
                plan = json.readTree(rows.getString(1)).get(0).get("Plan");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                statement.execute("DEALLOCATE " + name);
            }
        }
        List<String> shown = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        visit(plan, "", "", shown, wrong);
        return wrong.isEmpty() ? Optional.empty()
                : Optional.of(sql + "\n    " + String.join("\n    ", shown) + "\n  -> " + String.join("; ", wrong));
    }

    /** Reads a plan node and its children; {@code parentTable} is a Bitmap Heap Scan's table for its index scans. */
    private void visit(JsonNode node, String indent, String parentTable, List<String> shown, List<String> wrong) {
        String type = node.path("Node Type").asText();
        String table = node.path("Relation Name").asText(parentTable);
        String index = node.path("Index Name").asText("");
        String condition = node.path("Index Cond").asText("");
        shown.add(indent + type + (table.isEmpty() ? "" : " on " + table) + (index.isEmpty() ? "" : " using " + index)
                + (condition.isEmpty() ? "" : " " + condition));
        if (growing.contains(table)) {
            reason(type, table, condition).ifPresent(wrong::add);
        }
        for (JsonNode child : node.path("Plans")) {
            visit(child, indent + "  ", table, shown, wrong);
        }
    }

    private static Optional<String> reason(String type, String table, String condition) {
        if (type.equals("Seq Scan")) {
            return Optional.of("reads all of " + table);
        }
        if (!type.endsWith("Index Scan") && !type.equals("Index Only Scan")) {
            return Optional.empty(); // a heap fetch of what its index scan found, a sort, a join
        }
        if (condition.isEmpty()) {
            return Optional.of("reads all of " + table + " through an index");
        }
        List<String> columns = new ArrayList<>();
        Matcher compared = COMPARED.matcher(condition);
        while (compared.find()) {
            columns.add(compared.group(1));
        }
        return QueryPlans.sliceOnly(table, columns);
    }
}
