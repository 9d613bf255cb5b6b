package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of {@code scripts/chaos} in CI: real drains against a private Dovecot with mark-seen, move and
 * delete, interrupted by kill -9 and by the server cutting the connection, each checked for every message
 * stored once and every action applied. The full run (N of 200 and more) is a command an admin can run.
 */
@Tag("process")
@Timeout(600)
class ChaosIT {
    @TempDir
    Path dir;

    @Test
    void killsAndCutsDuringDrainsLoseNothingAndDoubleNothing() throws Exception {
        Path log = dir.resolve("chaos.log");
        Process chaos = new ProcessBuilder("bash", "scripts/chaos", "9", "120").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(chaos.waitFor(540, TimeUnit.SECONDS), "scripts/chaos finished");
        String output = Files.readString(log);
        assertEquals(0, chaos.exitValue(), output);
        assertTrue(output.contains("chaos: 9 rounds of 120 messages, "), output);
    }
}
