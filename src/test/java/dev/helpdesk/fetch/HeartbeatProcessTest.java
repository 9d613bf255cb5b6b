package dev.helpdesk.fetch;

import static dev.helpdesk.fetch.FetchProbeRig.LOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.FetchProbeRig.Cli;
import dev.helpdesk.testing.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.helpdesk.testing.StoreEngine;

/**
 * A chunk slower than the lease (a throttled server, a big mail on a slow link) keeps its lock: the heartbeat
 * renews it every lockTtl/3. Before the heartbeat, the lease was renewed only at commits, so the next tick
 * took the lock over and both runs lost their work.
 */
@Tag("process")
@Timeout(90)
@ParameterizedClass
@EnumSource(StoreEngine.class)
class HeartbeatProcessTest {
    @Parameter
    StoreEngine engine;

    @TempDir
    Path dir;

    private FetchProbeRig rig;

    @BeforeEach
    void start() {
        rig = new FetchProbeRig(dir, engine);
        rig.harness.writeConfig("\"lockTtl\": \"3s\", \"limits\": { \"maxDuration\": \"1s\" },", "");
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aChunkSlowerThanTheLeaseKeepsItsLockAndCommits() throws Exception {
        try (ChildJvm first = rig.startProbe(FetchProbeRig.realHostName(), "-", "fetched:1")) {
            assertEquals("PAUSED fetched", first.nextLine(), first.stderr());
            Thread.sleep(7_000); // more than twice the 3 s lease, with the chunk still in hand

            Cli second = rig.cli("fetch");
            assertEquals(75, second.code(), "the first run still holds its lease: " + second);
            Cli show = rig.cli("lock", "show", "--json");
            assertTrue(show.out().contains("\"verdict\" : \"running\""), show.out());

            first.send("go");
            String result = first.nextLine();
            assertTrue(result.startsWith("RESULT ok new=2"), result + "\n" + first.stderr());
            assertEquals(0, first.awaitExit());
        }
        assertEquals(2, rig.count("SELECT count(*) FROM messages"), "nothing lost to a takeover");
        assertEquals(0, rig.count("SELECT count(*) FROM locks WHERE name = '" + LOCK + "'"));
    }

    @Test
    void aLeaseTakenOverMeanwhileStopsTheRunWithItsOwnOutcome() throws Exception {
        try (ChildJvm first = rig.startProbe(FetchProbeRig.realHostName(), "-", "fetched:1")) {
            assertEquals("PAUSED fetched", first.nextLine(), first.stderr());
            Cli release = rig.cli("lock", "release", LOCK, "--force");
            assertEquals(0, release.code(), release.toString());
            Thread.sleep(1_500); // a heartbeat finds the lease gone and ends the connection
            first.send("go");
            String result = first.nextLine();
            assertTrue(result.startsWith("RESULT lease-lost new=0"), result + "\n" + first.stderr());
            assertEquals(79, first.awaitExit(), "lease-lost has its own exit code");
        }
        assertEquals(0, rig.count("SELECT count(*) FROM messages"), "the fenced commit wrote nothing");
    }
}
