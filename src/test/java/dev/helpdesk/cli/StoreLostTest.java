package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import dev.helpdesk.testing.StoreEngine;
import dev.helpdesk.testing.SupportMailbox;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL store that goes away in the middle of a fetch (a restart, a failover: here every session of the
 * database is ended by the server) ends the run with one sentence and exit 69, as a server out of reach at the
 * start does; what was committed stays, and the next run stores the rest, each message once.
 */
@Tag("process")
class StoreLostTest {
    private static final int MESSAGES = 800;

    @TempDir
    Path dir;

    @Test
    void aConnectionEndedMidRunIsExit69WithASentenceAndTheNextRunCarriesOn() throws Exception {
        try (FetchHarness harness = new FetchHarness(dir, StoreEngine.POSTGRES)) {
            // 4 s per run, eight times what storing the 100 messages the cut waits for takes here: with 2 s a loaded
            // machine could end the first run before the cut.
            harness.writeConfig("\"lockTtl\": \"8s\", \"limits\": { \"maxDuration\": \"4s\" },", "");
            List<byte[]> mail = SupportMailbox.messages(11, MESSAGES);
            mail.forEach(raw -> harness.server().user().deliver(GreenMailUtil.newMimeMessage(
                    new ByteArrayInputStream(raw))));
            CliRun first;
            try (Connection admin = harness.store().connect()) {
                CompletableFuture<Integer> cut = CompletableFuture.supplyAsync(() -> endOtherSessions(admin));
                first = harness.run("fetch");
                int ended = cut.join();
                assertTrue(ended > 0, "no session was ended: the fetch finished before it could be: " + first);
            }
            assertEquals(69, first.code(), first.toString());
            assertTrue(first.err().contains("helpdesk: lost the connection to the database PostgreSQL"), first.err());
            assertTrue(first.err().contains("What this run committed is kept, and the next run carries on from"
                    + " there. Check that the database server runs"), first.err());
            assertFalse(first.err().contains("\tat ") || first.err().contains("internal error"), first.err());
            long stored = harness.count("SELECT count(*) FROM messages");
            assertTrue(stored > 0 && stored < MESSAGES, "stored before the cut: " + stored);

            Thread.sleep(8_500); // the lease of the run that lost the database runs out (lockTtl 8s)
            for (int run = 0; run < 5 && harness.count("SELECT count(*) FROM messages") < MESSAGES; run++) {
                CliRun next = harness.run("fetch"); // each run has 4 s (limits.maxDuration)
                assertEquals(0, next.code(), next.toString());
            }
            assertEquals(MESSAGES, harness.count("SELECT count(*) FROM messages"));
            assertEquals(0, harness.duplicateMessages());
        }
    }

    /** Once the fetch has stored a few chunks, ends every other session of the database; how many it ended. */
    private static int endOtherSessions(Connection admin) {
        try (Statement statement = admin.createStatement()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (stored(statement) < 100 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return (int) count(statement, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages stored so far; none while the fetch has not made the tables yet. */
    private static long stored(Statement statement) {
        try {
            return count(statement, "SELECT count(*) FROM messages");
        } catch (SQLException noTableYet) {
            return 0;
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
