package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as an admin runs it: a real process, real files, exit codes and streams. */
class HelpdeskJarIT {
    private static final Path JAR = Path.of(System.getProperty("helpdesk.jar", "target/helpdesk.jar"));
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().remove("HELPDESK_CONFIG");
        builder.environment().remove("XDG_CONFIG_HOME");
        builder.environment().remove("XDG_DATA_HOME");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    @Test
    void versionAndHelpFromTheShadedJar() throws Exception {
        Result version = jar("--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("helpdesk 0."), version.out());
        Result help = jar("--help");
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("75"), help.out());
    }

    @Test
    void initThenLockShowAndReleaseOfAnUnknownName() throws Exception {
        Path config = dir.resolve("config.json");
        Result init = jar("--config", config.toString(), "init");
        assertEquals(0, init.code(), init.err());
        assertEquals("", init.err());
        Result empty = jar("--config", config.toString(), "lock", "show");
        assertEquals(0, empty.code(), empty.err());
        assertEquals("No locks are held.", empty.out().strip());
        Result unknown = jar("--config", config.toString(), "lock", "release", "fetch:nope");
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
    }

    @Test
    void sqliteJdbcLoadsItsLibraryFromTheCacheInsteadOfExtractingItAtEveryStart() throws Exception {
        // A temp directory that cannot exist: sqlite-jdbc could not extract its library there, so the store
        // opens only if the library comes from ~/.cache/helpdesk (without it, both runs exit 1).
        Path noTmp = Files.writeString(dir.resolve("not-a-directory"), "").resolve("tmp");
        for (String command : List.of("init", "status")) { // the first run copies it there, the second finds it
            Result result = run(dir, List.of(ChildJvm.javaBinary(), "-Djava.io.tmpdir=" + noTmp, "-jar",
                    JAR.toAbsolutePath().toString(), "--config", dir.resolve("config.json").toString(), command));
            assertEquals(0, result.code(), command + ": " + result.err()); // sqlite-jdbc still logs it cannot list it
        }
        try (var cached = Files.list(dir.resolve("home/.cache/helpdesk"))) {
            assertTrue(cached.anyMatch(file -> file.getFileName().toString().startsWith("libsqlitejdbc-")),
                    "the library is in ~/.cache/helpdesk");
        }
    }

    @Test
    void slf4jSimpleIsBoundInTheJarSoVerboseLogsAppearOnStderr() throws Exception {
        // msal4j's slf4j-api 1.7 would bind no logger at all: this is the STACK.md trap, checked in the jar.
        Result verbose = jar("--config", dir.resolve("config.json").toString(), "-v", "init");
        assertEquals(0, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("INFO dev.helpdesk.store.Store - migrating"), verbose.err());
        assertTrue(!verbose.out().contains("migrating"), "logs never go to stdout: " + verbose.out());
        Result quiet = jar("--config", dir.resolve("other.json").toString(), "init");
        assertEquals("", quiet.err(), "info is not shown without -v");
    }

    @Test
    void scriptRunsTheJarFromAnyWorkingDirectory() throws Exception {
        Result result = run(dir, List.of("bash", ROOT.resolve("scripts/helpdesk").toString(), "--version"));
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("helpdesk "), result.out());
    }

    @Test
    void installPutsALauncherUnderThePrefixAndSaysWhere() throws Exception {
        Path prefix = dir.resolve("prefix");
        Result install = run(dir, List.of("bash", ROOT.resolve("scripts/install").toString(), prefix.toString()));
        assertEquals(0, install.code(), install.err());
        assertTrue(install.out().contains(prefix.resolve("bin/helpdesk").toString()), install.out());
        Result launched = run(dir, List.of(prefix.resolve("bin/helpdesk").toString(), "--version"));
        assertEquals(0, launched.code(), launched.err());
    }
}
