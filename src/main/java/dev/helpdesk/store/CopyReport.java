package dev.helpdesk.store;

import java.util.List;
import java.util.Objects;

/**
 * What a store copy found when it counted both sides after its commit: each copied table's rows in the source
 * (token_caches: its rows plus the caches given from outside the tables) and in the target.
 */
public record CopyReport(List<Table> tables) {

    /** One table's two counts. */
    public record Table(String name, long source, long target) {
        public Table {
            Objects.requireNonNull(name, "name");
        }

        public boolean matches() {
            return source == target;
        }
    }

    public CopyReport {
        tables = List.copyOf(tables);
    }

    /** The tables whose counts differ; empty when the copy is verified. */
    public List<Table> mismatches() {
        return tables.stream().filter(table -> !table.matches()).toList();
    }

    public long sourceRows() {
        return tables.stream().mapToLong(Table::source).sum();
    }

    public long targetRows() {
        return tables.stream().mapToLong(Table::target).sum();
    }
}
