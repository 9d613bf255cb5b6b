package dev.helpdesk.store;

import java.util.Map;
import java.util.stream.Collectors;

/** A store copy was pointed at a database that already holds rows, which it must never mix with the source's. */
public final class TargetNotEmptyException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Long> rows;

    TargetNotEmptyException(String target, Map<String, Long> rows) {
        super("the target " + target + " is not empty: it holds " + rows.entrySet().stream()
                .map(e -> e.getValue() + (e.getValue() == 1 ? " row" : " rows") + " in " + e.getKey())
                .collect(Collectors.joining(", ")) + ". Nothing was copied: a copy goes only into an empty database,"
                + " so that it never mixes with another store. Name a config whose database is new (CREATE DATABASE),"
                + " or drop and recreate this one if nothing in it is needed.");
        this.rows = Map.copyOf(rows);
    }

    /** The non-empty tables and their row counts. */
    public Map<String, Long> rows() {
        return rows;
    }
}
