package dev.helpdesk.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one engine explains a statement, judged by one rule: a statement finds its rows of a growing table through an
 * index, and by more than a slice of the store (a mailbox, a folder, a UIDVALIDITY kept for years).
 */
interface QueryPlans {
    /** Columns that pick a slice of the store, not a few rows. */
    Set<String> SLICES = Set.of("mailbox", "folder", "uidvalidity");

    /** What is wrong with the plan of {@code sql}, if anything: the statement, its plan and why. */
    Optional<String> problem(String sql) throws SQLException;

    /** Why a read of {@code table} by an index searched on {@code columns} reads too much, if it does. */
    static Optional<String> sliceOnly(String table, List<String> columns) {
        return SLICES.containsAll(columns) ? Optional.of("reads all of " + table + " by " + columns) : Optional.empty();
    }
}
