package dev.helpdesk.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.cli.Main;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.testing.ChildJvm;
import dev.helpdesk.testing.FetchHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk's commit is on disk before the server is told to delete its mail. With WAL and synchronous=NORMAL
 * a commit only reaches the disk at the next checkpoint, so a power cut right after the server's expunge
 * would lose mail that exists nowhere any more. The real fetch runs in a child JVM under strace, which
 * records every fsync and every write to the IMAP socket in the order the kernel saw them: an fsync of the
 * database's WAL must come before the first {@code \Deleted}. Remove the barrier and this test fails.
 */
@Tag("process")
@Timeout(180)
class DurabilityBarrierTest {
    @TempDir
    Path dir;

    @Test
    void theWalIsSyncedBeforeTheServerDeletesTheMail() throws Exception {
        try (FetchHarness harness = new FetchHarness(dir)) {
            harness.server().seedScenario();
            Path password = dir.resolve("password");
            Files.writeString(password, DemoMailServer.PASSWORD);
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            harness.writeRaw(Files.readString(harness.config())
                    .replace("\"password\": { \"env\": \"" + FetchHarness.PASSWORD_ENV + "\" }",
                            "\"password\": { \"file\": \"" + password + "\" }, \"afterFetch\": \"delete\""));
            Path trace = dir.resolve("strace.txt");
            List<String> command = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-s", "120",
                    "-e", "trace=fsync,fdatasync,write,sendto,pwrite64", "-e", "signal=none", "-o", trace.toString(),
                    ChildJvm.javaBinary(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", harness.config().toString(), "fetch"));
            Process fetch = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("fetch.out").toFile()).start();
            assertTrue(fetch.waitFor(150, TimeUnit.SECONDS), "the fetch under strace finished");
            assertEquals(0, fetch.exitValue(), Files.readString(dir.resolve("fetch.out")));
            assertEquals(0, harness.messages("INBOX").size(), "the server deleted the mail");

            List<String> lines = Files.readAllLines(trace);
            int delete = -1;
            int lastSync = -1;
            int lastWrite = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("helpdesk.db-wal>") && line.contains("fsync(") || line.contains("fdatasync(")
                        && line.contains("helpdesk.db-wal>")) {
                    lastSync = i;
                } else if (line.contains("pwrite64(") && line.contains("helpdesk.db-wal>")) {
                    lastWrite = i;
                }
                if (line.contains("\\\\Deleted")) {
                    delete = i;
                    break;
                }
            }
            assertTrue(delete >= 0 && lastWrite >= 0, "the trace shows the chunk's commit and the store of \\Deleted");
            // The chunk's commit is the last write to the WAL before the delete; the sync must come after it.
            assertTrue(lastSync > lastWrite, "the WAL was last written at line " + lastWrite + " but last synced at "
                    + lastSync + ", before the server was told to delete at line " + delete);
        }
    }
}
