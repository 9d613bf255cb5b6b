package dev.helpdesk.store;

import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one table's rows, ids and all, from one store's transaction into another's: read row by row and
 * inserted in JDBC batches bounded by rows and by bytes, so a table of gigabytes (blob_chunks, a megabyte a row)
 * never sits in memory; at most one batch does.
 */
final class TableCopy {
    /** Rows per batch: enough that the round trips to a remote server stop mattering. */
    static final int BATCH_ROWS = 500;
    /** Bytes per batch, whichever comes first: eight blob chunks. */
    static final long BATCH_BYTES = 8L * 1024 * 1024;

    private final Tx from;
    private final Tx to;
    private final String table;
    private final StoreCopy.Progress progress;

    TableCopy(Tx from, Tx to, String table, StoreCopy.Progress progress) {
        this.from = from;
        this.to = to;
        this.table = table;
        this.progress = progress;
    }

    /** Copies every row and returns how many; {@code of} is how many the table will hold, for progress only. */
    long run(long of) {
        try (ResultSet rows = from.statement("SELECT * FROM " + table).executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                names.add(meta.getColumnName(i));
            }
            PreparedStatement insert = to.statement("INSERT INTO " + table + " (" + String.join(", ", names)
                    + ") VALUES " + Tx.valueRows(1, columns));
            long copied = 0;
            int pending = 0;
            long pendingBytes = 0;
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rows.getObject(i);
                    // SQLite hands small integers out as Integer; every integer column is 64-bit in the schema.
                    to.engine().bind(insert, i, value instanceof Integer small ? Long.valueOf(small) : value);
                    pendingBytes += value instanceof byte[] bytes ? bytes.length
                            : value instanceof String text ? text.length() : 8;
                }
                insert.addBatch();
                pending++;
                if (pending == BATCH_ROWS || pendingBytes >= BATCH_BYTES) {
                    copied += flush(insert, pending);
                    progress.copied(table, copied, of);
                    pending = 0;
                    pendingBytes = 0;
                }
            }
            copied += flush(insert, pending);
            progress.copied(table, copied, of);
            return copied;
        } catch (SQLException e) {
            throw new StoreException("copying the table " + table + " failed: " + reason(e)
                    + "; nothing was copied (the target's transaction was rolled back).", e);
        }
    }

    private static int flush(PreparedStatement insert, int pending) throws SQLException {
        if (pending == 0) {
            return 0;
        }
        insert.executeBatch();
        return pending;
    }

    /** A failed batch says only that it failed; the server's reason for the row is the next exception. */
    private static String reason(SQLException e) {
        SQLException next = e instanceof BatchUpdateException ? e.getNextException() : null;
        String reason = (next != null ? next.getMessage() : e.getMessage()).strip();
        return reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
    }
}
