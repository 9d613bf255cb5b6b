package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.lock.HostIdentity;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command line in process: exit codes, one-line errors, help, init and the lock commands. */
class CliTest {
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private Map<String, String> env;
    private Path config;
    private Path data;

    @BeforeEach
    void setUp() throws Exception {
        data = dir.resolve("data");
        config = dir.resolve("config.json");
        env = Map.of("HOME", dir.resolve("home").toString(), "SUPPORT_PW", "hunter2");
        Files.writeString(config, """
                {
                  // a minimal config
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "support", "host": "localhost", "port": 3143, "security": "none",
                      "username": "support@example.com", "password": { "env": "SUPPORT_PW" } }
                  ]
                }
                """.formatted(data));
    }

    private CliRun run(String... args) {
        return CliRun.run(env, clock, args);
    }

    private CliRun withConfig(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    @Test
    void versionIsTheMavenVersion() {
        CliRun result = run("--version");
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().matches("helpdesk \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), result.out());
    }

    @Test
    void helpListsSubcommandsAndEveryExitCode() {
        CliRun result = run("--help");
        assertEquals(0, result.code());
        for (String expected : new String[] {"init", "lock", "help", "--config", "--verbose", "--quiet",
            "Exit codes:", " 0", " 1", " 2", "65", "69", "74", "75", "77", "78"}) {
            assertTrue(result.out().contains(expected), expected + " missing from\n" + result.out());
        }
        CliRun helpLock = run("help", "lock");
        assertEquals(0, helpLock.code());
        assertTrue(helpLock.out().contains("show") && helpLock.out().contains("release"), helpLock.out());
    }

    @Test
    void unknownOptionIsOneLinePlusAHintAndExitsTwo() {
        CliRun result = run("lock", "show", "--bogus");
        assertEquals(2, result.code());
        assertTrue(result.err().startsWith("helpdesk: Unknown option: '--bogus'"), result.err());
        assertTrue(result.err().contains("Try 'helpdesk lock show --help' for usage."), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, run().code());
        assertEquals(2, run("lock").code());
    }

    @Test
    void missingConfigListsThePathsTriedAndSuggestsInit() {
        CliRun result = run("lock", "show");
        assertEquals(78, result.code(), result.toString());
        assertTrue(result.err().contains("helpdesk init"), result.err());
        assertTrue(result.err().contains(dir.resolve("home/.config/helpdesk/config.json").toString()), result.err());
    }

    @Test
    void invalidConfigExits78WithTheKeyAndLine() throws Exception {
        Files.writeString(config, "{\n  \"lockTtl\": \"forever\",\n  \"mailboxes\": []\n}\n");
        CliRun result = withConfig("lock", "show");
        assertEquals(78, result.code(), result.toString());
        assertTrue(result.err().contains("lockTtl"), result.err());
        assertTrue(result.err().contains("line 2"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void initWritesALoadableExampleAndNeverOverwritesWithoutForce() throws Exception {
        Path target = dir.resolve("etc/helpdesk.json");
        CliRun first = run("--config", target.toString(), "init");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains(target.toString()), first.out());
        assertTrue(Files.readString(target).contains("//"), "the example is commented");
        Path defaultData = dir.resolve("home/.local/share/helpdesk");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(defaultData)));

        Files.writeString(target, "{ \"mailboxes\": [] } // mine");
        CliRun second = run("--config", target.toString(), "init");
        assertEquals(2, second.code(), second.toString());
        assertTrue(second.err().contains("--force"), second.err());
        assertTrue(Files.readString(target).endsWith("// mine"));

        assertEquals(0, run("--config", target.toString(), "init", "--force").code());
        assertFalse(Files.readString(target).endsWith("// mine"));
    }

    @Test
    void lockShowWithoutADatabaseSaysSoAndCreatesNothing() {
        CliRun result = withConfig("lock", "show");
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("no database yet"), result.out());
        assertFalse(Files.exists(data));
        CliRun json = withConfig("lock", "show", "--json");
        assertEquals("[ ]", json.out().strip());
    }

    /** A holder on this machine's PID space when named test-host (so the CLI can judge it), else elsewhere. */
    private Locks locksAs(Store store, long pid, String host) {
        HostIdentity here = ProcessIdentity.current("test-host", "helpdesk").hostIdentity();
        HostIdentity where = host.equals(here.name()) ? here : new HostIdentity(host, Optional.empty());
        return new Locks(store, clock, holder -> holder.pid() != pid,
                new ProcessIdentity(pid, where, OptionalLong.empty(), Optional.of(T0), "helpdesk fetch --mailbox support"));
    }

    @Test
    void lockShowTellsRunningStaleExpiredAndOtherHostInHumanUnits() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Store store = new DataDir(data).openStore("test")) {
            // the CLI judges liveness with the real process table: our own PID is alive, 999999999 is not
            new Locks(store, clock, holder -> false, ProcessIdentity.current("test-host", "helpdesk fetch"))
                    .acquire("fetch:running", Duration.ofMinutes(10));
            locksAs(store, 999_999_999L, "test-host").acquire("fetch:stale", Duration.ofMinutes(10));
            locksAs(store, 999_999_998L, "elsewhere").acquire("fetch:remote", Duration.ofMinutes(10));
            locksAs(store, 999_999_997L, "elsewhere").acquire("fetch:expired", Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofMinutes(2).plusSeconds(13));
        CliRun result = withConfig("lock", "show");
        assertEquals(0, result.code(), result.toString());
        String out = result.out();
        assertTrue(out.contains("fetch:running  running"), out);
        assertTrue(out.contains("PID " + self + " on test-host"), out);
        HostIdentity here = ProcessIdentity.current("test-host", "helpdesk").hostIdentity();
        here.pidSpace().ifPresent(space -> assertTrue(out.contains("  pid space   boot " + space.bootId()
                + ", PID namespace " + space.pidNamespace()), out));
        assertTrue(out.contains("  pid space   unknown (an older helpdesk, or no /proc): freed by expiry only"), out);
        assertTrue(out.contains("fetch:stale  stale: process gone"), out);
        assertTrue(out.contains("fetch:remote  held on another host"), out);
        assertTrue(out.contains("fetch:expired  expired"), out);
        assertTrue(out.contains("held for    2m 13s"), out);
        assertTrue(out.contains("expires in  7m 47s"), out);
        assertTrue(out.contains("expired     1m 13s ago"), out);
        assertTrue(out.contains("next step   helpdesk lock release fetch:stale"), out);
        assertTrue(out.contains("next step   helpdesk lock release fetch:expired"), out);
        assertEquals(2, out.lines().filter(line -> line.contains("next step")).count(), out);

        JsonNode json = new ObjectMapper().readTree(withConfig("lock", "show", "--json").out());
        assertEquals(4, json.size());
        JsonNode stale = json.get(3);
        assertEquals("fetch:stale", stale.get("name").asText());
        assertEquals("stale", stale.get("verdict").asText());
        assertEquals(999_999_999L, stale.get("pid").asLong());
        assertEquals(133, stale.get("heldForSeconds").asLong());
        assertEquals(467, stale.get("expiresInSeconds").asLong());
        assertEquals("helpdesk lock release fetch:stale", stale.get("suggestion").asText());
        assertTrue(json.get(2).get("suggestion").isNull(), "no suggestion for a running holder");
        assertEquals("other-host", json.get(1).get("verdict").asText());
        JsonNode running = json.get(2);
        assertEquals("fetch:running", running.get("name").asText());
        if (here.pidSpace().isPresent()) {
            assertEquals(here.pidSpace().get().bootId(), running.get("bootId").asText());
            assertEquals(here.pidSpace().get().pidNamespace(), running.get("pidNamespace").asText());
            long ticks = running.get("processStartTicks").asLong();
            assertTrue(ticks > 0, running.toString());
            assertEquals(ticks / 100, running.get("processStartAfterBootSeconds").asLong());
            assertTrue(out.contains(" after boot)"), out);
        }
        assertTrue(json.get(1).get("bootId").isNull(), "a row without a PID space");
        assertTrue(json.get(1).get("processStartTicks").isNull());
        assertTrue(json.get(1).get("processStartAfterBootSeconds").isNull());
    }

    @Test
    void lockReleaseFreesStaleRowsAndNeedsForceForRunningOnes() {
        try (Store store = new DataDir(data).openStore("test")) {
            new Locks(store, clock, holder -> false, ProcessIdentity.current("test-host", "helpdesk fetch"))
                    .acquire("fetch:running", Duration.ofMinutes(10));
            locksAs(store, 999_999_999L, "test-host").acquire("fetch:stale", Duration.ofMinutes(10));
        }
        CliRun stale = withConfig("lock", "release", "fetch:stale");
        assertEquals(0, stale.code(), stale.toString());
        assertTrue(stale.out().contains("it was stale: process gone"), stale.out());

        CliRun refused = withConfig("lock", "release", "fetch:running");
        assertEquals(75, refused.code(), refused.toString());
        assertTrue(refused.err().contains("--force"), refused.err());

        CliRun unknown = withConfig("lock", "release", "fetch:nope");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("fetch:running"), unknown.err());

        CliRun forced = withConfig("lock", "release", "fetch:running", "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(forced.out().contains("Nothing was killed"), forced.out());
        assertTrue(withConfig("lock", "show").out().contains("No locks are held."));
    }

    @Test
    void aCorruptDatabaseIsOneLineAndATraceOnlyWithVerbose() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve(DataDir.DATABASE), "this is not a database, it is a text file of some length");
        CliRun plain = withConfig("lock", "show");
        assertEquals(1, plain.code(), plain.toString());
        assertEquals(1, plain.err().lines().count(), plain.err());
        CliRun verbose = withConfig("-v", "lock", "show");
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }
}
