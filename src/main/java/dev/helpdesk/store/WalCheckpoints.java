package dev.helpdesk.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a SQLite store's write-ahead log into the database file on a thread and connection of its own, so
 * the thread that commits a drain's chunks does not stop to do it. With SQLite's automatic checkpoints, the
 * committing thread copied and fsynced about 40 MB every 10,000 pages: a fifth of a 10,000-message drain's
 * writing time (scripts/bench --drain). The automatic checkpoint stays as a backstop, further out, for when
 * this one falls behind.
 *
 * <p>Passive checkpoints only: they never wait for, nor block, a writer or a reader of any process; what a
 * reader still needs stays in the log for the next one. Nothing about durability changes: a commit under
 * {@code synchronous=NORMAL} is on disk once a checkpoint (this one or the backstop) has synced it, and a
 * durable transaction syncs the log itself. The thread starts with the first write of a store and checkpoints
 * at most every {@value #INTERVAL_MS} ms while writes go on; closing the store stops it first, then the last
 * connection's close checkpoints what is left.
 */
final class WalCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoints.class);
    static final long INTERVAL_MS = 500;

    private final SqliteEngine engine;
    private Thread thread;
    private boolean written;
    private boolean closed;

    WalCheckpoints(SqliteEngine engine) {
        this.engine = engine;
    }

    /** After a write transaction committed: a checkpoint is due, within {@value #INTERVAL_MS} ms. */
    synchronized void committed() {
        if (closed) {
            return;
        }
        written = true;
        if (thread == null) {
            thread = new Thread(this::run, "helpdesk-checkpoints");
            thread.setDaemon(true); // a store left open never keeps the JVM alive
            thread.start();
        }
        notifyAll();
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            notifyAll();
            running = thread;
        }
        if (running == null) {
            return;
        }
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join(); // a checkpoint in progress finishes: it is what the closing connection would do
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Connection connection = null; // opened when the first checkpoint is due: a short run never opens it
        try {
            while (awaitWrites()) {
                if (connection == null) {
                    connection = engine.connect();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            // The backstop and the closing connection checkpoint instead; nothing is lost or left undone (and no
            // stack trace of a thread's end reaches the terminal).
            LOG.debug("background WAL checkpoints of {} stopped: {}", engine.describe(), e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing frees the connection's memory; the store's own connection still closes the database.
        }
    }

    /** Waits until writes are due a checkpoint, at least {@value #INTERVAL_MS} ms after the last; false once closed. */
    private synchronized boolean awaitWrites() {
        long due = System.nanoTime() + INTERVAL_MS * 1_000_000;
        try {
            for (long left = INTERVAL_MS; !closed && (left > 0 || !written);
                    left = (due - System.nanoTime()) / 1_000_000) {
                wait(Math.max(1, left > 0 ? left : INTERVAL_MS));
            }
        } catch (InterruptedException e) {
            return false;
        }
        written = false;
        return !closed;
    }
}
