package dev.helpdesk.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WHERE clause made of the filters a listing was given, each with its parameter; a filter not given adds
 * nothing. So a filter's index can serve the query: {@code (CAST(? AS TEXT) IS NULL OR mailbox = ?)}, the one
 * statement for both cases, let neither engine search runs_by_mailbox, and `runs --mailbox X` read every
 * mailbox's runs in date order to find X's.
 */
final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /** {@code column = value}, when there is a value. */
    Where equal(String column, Optional<?> value) {
        return add(column + " = ?", value);
    }

    /** {@code column >= value}, when there is a value. */
    Where atLeast(String column, Optional<?> value) {
        return add(column + " >= ?", value);
    }

    private Where add(String condition, Optional<?> value) {
        value.ifPresent(v -> {
            conditions.add(condition);
            parameters.add(v);
        });
        return this;
    }

    /** " WHERE a = ? AND b = ?", or "" with no filter. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The filters' parameters in order, then {@code after} (those of the statement's later clauses). */
    Object[] parameters(Object... after) {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(List.of(after));
        return all.toArray();
    }
}
