package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.WriteLockHolder;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read-only command answers from a WAL snapshot while another process holds the write lock (a fetch
 * committing a long chunk). Taking the write lock instead would queue them behind it and fail after the
 * 30 s busy timeout.
 */
@Tag("process")
@Timeout(120)
class ReadsDoNotLockTest {
    @TempDir
    Path dir;

    @Test
    void readingCommandsAnswerWhileAnotherProcessWrites() {
        try (FetchHarness harness = new FetchHarness(dir)) {
            harness.server().seedScenario();
            assertEquals(0, harness.run("fetch").code());
            Path database = new DataDir(harness.dataDir()).database();
            try (ChildJvm holder = ChildJvm.start(WriteLockHolder.class, database.toString())) {
                assertEquals("HOLDING", holder.nextLine(), holder.stderr());
                for (List<String> command : List.of(List.of("status"), List.of("status", "--json"),
                        List.of("conversations", "list"), List.of("conversations", "show", "1"),
                        List.of("lock", "show"), List.of("quarantine", "list"), List.of("skipped", "list"),
                        List.of("fetch", "--dry-run"), List.of("runs"), List.of("runs", "--json"),
                        List.of("metrics"), List.of("mailbox", "test"))) {
                    long started = System.nanoTime();
                    CliRun run = harness.run(command.toArray(String[]::new));
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(0, run.code(), command + ": " + run);
                    assertTrue(ms < 10_000, command + " waited " + ms + " ms for the writer");
                }
                CliRun status = harness.run("status");
                assertTrue(status.out().contains("6 stored"), "the snapshot shows the committed data: " + status.out());
            }
        }
    }
}
