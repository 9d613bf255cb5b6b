package dev.helpdesk.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a store copy does with each table of the schema: the tables it carries over, in an order that inserts
 * every row after the rows it refers to, and the two it leaves out on purpose. A table in neither list stops the
 * copy before anything is written, so a migration that adds a table cannot be forgotten here silently.
 */
final class CopiedTables {
    /** Parents first: customers before conversations before messages, blobs before their chunks and attachments. */
    static final List<String> IN_ORDER = List.of(
            "lock_fences", // the last fencing token of each lock: tokens must never repeat in the new store either
            "folder_state", "ledger", "refusals", "pending_actions", "set_aside",
            "customers", "conversations", "participants", "messages", "message_html",
            "blobs", "blob_chunks", "attachments", "quarantine",
            "runs", "check_marks", "token_caches");

    /** meta: the target keeps its own schema version; locks: the copy's own leases, held in the source meanwhile. */
    static final Set<String> LEFT_OUT = Set.of("meta", "locks");

    private CopiedTables() {
    }

    /** Refuses a schema with a table this list does not know, or without one it copies. */
    static void check(List<String> tables, String store) {
        Set<String> unknown = new TreeSet<>(tables);
        unknown.removeAll(IN_ORDER);
        unknown.removeAll(LEFT_OUT);
        List<String> missing = new ArrayList<>(IN_ORDER);
        missing.removeAll(tables);
        if (!unknown.isEmpty()) {
            throw new StoreException("the database " + store + " has the table" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + ", which this helpdesk's store copy does not know how to copy;"
                    + " nothing was copied. Copy with the helpdesk version that wrote that database.");
        }
        if (!missing.isEmpty()) {
            throw new StoreException("the database " + store + " lacks the table" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " of this helpdesk's schema; nothing was copied. Please report"
                    + " it: the store is migrated when it is opened, so this is a bug.");
        }
    }
}
