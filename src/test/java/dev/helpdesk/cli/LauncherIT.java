package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.testing.Command;
import dev.helpdesk.testing.JvmFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, as scripts/install writes it and as scripts/helpdesk runs it: Java discovery, the
 * default heap and HELPDESK_JAVA_OPTS, and a real fetch under cron's bare environment.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String CRON_PATH = "/usr/bin:/bin";

    @TempDir
    static Path installed;
    @TempDir
    Path dir;

    static Path launcher;

    @BeforeAll
    static void install() {
        Command.Result install = Command.of("bash", ROOT.resolve("scripts/install").toString(),
                installed.resolve("prefix").toString()).inheritEnv().env("HOME", installed.toString()).run(installed);
        assertEquals(0, install.code(), install.toString());
        launcher = installed.resolve("prefix/bin/helpdesk");
    }

    /** A JAVA_HOME whose bin/java is a script that claims to be Java 11 and does nothing else. */
    private Path java11() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("jdk-11/bin"));
        Path java = Files.writeString(bin.resolve("java"), """
                #!/bin/sh
                echo 'openjdk version "11.0.22" 2024-01-16' >&2
                echo 'OpenJDK Runtime Environment (build 11.0.22+7-post-Debian-1deb11u1)' >&2
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    @Test
    void aClassArchiveThatCannotBeDumpedIsNotTriedAgainUntilTheJarChanges() throws Exception {
        // A Java 17 whose dumps fail (a full disk, say): its bin/java runs the real one, except for -Xshare:dump.
        Path jdk = Files.createDirectories(dir.resolve("jdk-17/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path calls = dir.resolve("java-calls.log");
        Path wrapper = Files.writeString(jdk.resolve("bin/java"), """
                #!/bin/sh
                echo "$*" >> '%s'
                case " $* " in *" -Xshare:dump "*) exit 1 ;; esac
                exec '%s' "$@"
                """.formatted(calls, Path.of(System.getProperty("java.home"), "bin", "java")));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Files.writeString(dir.resolve("config.json"), """
                { "dataDir": "%s", "mailboxes": [ { "name": "support", "host": "127.0.0.1", "port": 1,
                  "security": "none", "username": "u", "password": { "env": "UNUSED_PW" } } ] }
                """.formatted(dir.resolve("data")));
        Path home = dir.resolve("home");
        java.util.function.Supplier<Command.Result> fetch = () -> Command.of(launcher.toString(), "--config",
                config.toString(), "fetch").env("PATH", CRON_PATH).env("HOME", home.toString())
                .env("JAVA_HOME", jdk.toString()).env("UNUSED_PW", "x").run(dir);

        assertEquals(69, fetch.get().code(), "the fetch's own exit code, whatever the dump did");
        assertEquals(69, fetch.get().code());
        List<String> runs = Files.readAllLines(calls);
        assertEquals(1, runs.stream().filter(run -> run.contains("-Xshare:dump")).count(), "one dump tried: " + runs);
        assertTrue(runs.get(runs.size() - 1).contains("-jar") && !runs.get(runs.size() - 1).contains("-XX:"
                + "DumpLoadedClassList") && !runs.get(runs.size() - 1).contains("SharedArchiveFile"),
                "the next run goes without an archive and lists nothing: " + runs);
        List<Path> left = cached(home.resolve(".cache/helpdesk"));
        assertEquals(1, left.size(), "no archive and no part left over: " + left);
        assertTrue(left.get(0).toString().endsWith(".jsa.failed"), "a mark of the failure: " + left);

        // An upgrade (a jar newer than the mark) tries again.
        Path jar = installed.resolve("prefix/lib/helpdesk/helpdesk.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(left.get(0)).toMillis() + 1));
        assertEquals(69, fetch.get().code());
        assertEquals(2, Files.readAllLines(calls).stream().filter(run -> run.contains("-Xshare:dump")).count());
    }

    @Test
    void javaHomeOlderThan17IsRefusedSayingWhatToSet() throws Exception {
        Path java11 = java11();
        for (Path script : new Path[] {ROOT.resolve("scripts/helpdesk"), launcher}) {
            Command.Result run = Command.of(script.toString(), "--version").env("PATH", CRON_PATH)
                    .env("HOME", dir.toString()).env("JAVA_HOME", java11.toString()).run(dir);
            assertEquals(127, run.code(), run.toString());
            assertEquals("", run.out());
            assertTrue(run.err().startsWith("helpdesk: JAVA_HOME is " + java11 + ", which is Java 11; helpdesk needs"
                    + " Java 17 or newer.\nFix: set JAVA_HOME to a Java 17 or newer"), run.err());
        }
    }

    @Test
    void aPathWithoutJavaWorksWhenJavaHomeIsSet() throws Exception {
        Path emptyBin = Files.createDirectories(dir.resolve("no-java-here"));
        String javaHome = System.getProperty("java.home");
        Command.Result checkout = Command.of("/bin/bash", ROOT.resolve("scripts/helpdesk").toString(), "--version")
                .env("PATH", emptyBin.toString()).env("HOME", dir.toString()).env("JAVA_HOME", javaHome).run(dir);
        assertEquals(0, checkout.code(), checkout.toString());
        assertTrue(checkout.out().startsWith("helpdesk 0."), checkout.toString());
        Command.Result installedRun = Command.of("/bin/sh", launcher.toString(), "--version")
                .env("PATH", emptyBin.toString()).env("HOME", dir.toString()).env("JAVA_HOME", javaHome).run(dir);
        assertEquals(0, installedRun.code(), installedRun.toString());
        assertTrue(installedRun.out().startsWith("helpdesk 0."), installedRun.toString());
    }

    @Test
    void aJavaOnPathOlderThan17IsPassedOverForTheUsualLocations() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/jvm")), "no /usr/lib/jvm on this machine");
        Path java11 = java11();
        Command.Result run = Command.of(launcher.toString(), "--version")
                .env("PATH", java11.resolve("bin") + ":" + CRON_PATH).env("HOME", dir.toString()).run(dir);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("helpdesk 0."), run.toString());
    }

    private static long maxHeap(Command.Result run) {
        return Long.parseLong(JvmFlags.value(run, "MaxHeapSize"));
    }

    @Test
    void theHeapIs128MegabytesUnlessHelpdeskJavaOptsSaysOtherwise() {
        Command.Result byDefault = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", dir.toString()).env("HELPDESK_JAVA_OPTS", "-XX:+PrintFlagsFinal").run(dir);
        assertEquals(0, byDefault.code(), byDefault.toString());
        assertEquals(128L << 20, maxHeap(byDefault));
        Command.Result raised = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", dir.toString()).env("HELPDESK_JAVA_OPTS", "-Xmx512m  -XX:+PrintFlagsFinal").run(dir);
        assertEquals(0, raised.code(), raised.toString());
        assertEquals(512L << 20, maxHeap(raised));
    }

    @Test
    void aCollectorNamedInHelpdeskJavaOptsReplacesTheDefaultOne() {
        Command.Result g1 = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", dir.toString()).env("HELPDESK_JAVA_OPTS", "-XX:+UseG1GC -XX:+PrintFlagsFinal").run(dir);
        assertEquals(0, g1.code(), "the JVM refuses two collectors: " + g1);
        assertEquals("true", JvmFlags.value(g1, "UseG1GC"), g1.toString());
        assertEquals("false", JvmFlags.value(g1, "UseSerialGC"), g1.toString());
    }

    @Test
    void fetchRunsUnderCronsBareEnvironment() throws Exception {
        Path home = dir.resolve("home");
        Path config = Files.createDirectories(home.resolve(".config/helpdesk")).resolve("config.json");
        Path secret = Files.writeString(dir.resolve("imap-password"), DemoMailServer.PASSWORD);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (DemoMailServer server = new DemoMailServer()) {
            server.seedScenario();
            Files.writeString(config, """
                    { "mailboxes": [ { "name": "support", "addresses": ["support@example.com"],
                        "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                        "password": { "file": "%s" } } ] }
                    """.formatted(server.port(), DemoMailServer.USER, secret));
            // Exactly what cron gives a job: env -i PATH=/usr/bin:/bin HOME=... (no LANG, no JAVA_HOME).
            Command.Result fetch = Command.of("env", "-i", "PATH=" + CRON_PATH, "HOME=" + home, launcher.toString(),
                    "fetch").env("PATH", CRON_PATH).run(dir);
            assertEquals(0, fetch.code(), fetch.toString());
            assertTrue(fetch.out().startsWith("support: 6 new, 0 duplicates"), fetch.toString());
            assertTrue(Files.exists(home.resolve(".local/share/helpdesk/helpdesk.db")), "the XDG default data dir");
            Command.Result list = Command.of("env", "-i", "PATH=" + CRON_PATH, "HOME=" + home, launcher.toString(),
                    "conversations", "list").env("PATH", CRON_PATH).run(dir);
            assertEquals(0, list.code(), list.toString());
            assertTrue(list.out().contains("Zahlung fehlgeschlagen – Rechnung Nr. 4711 (Überweisung)"),
                    "UTF-8 output without any locale set: " + list);
        }
    }

    /** What the launcher keeps in the cache directory, by name, beside sqlite-jdbc's library (Main keeps it there). */
    private static List<Path> cached(Path cache) throws Exception {
        try (var files = Files.list(cache)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("libsqlitejdbc-")).sorted().toList();
        }
    }

    @Test
    void anArchiveFromAFetchThatDidNotDrainIsMappedAndMadeAgainByTheFirstFetchThatDoes() throws Exception {
        Path home = dir.resolve("home");
        Path cache = home.resolve(".cache/helpdesk");
        Path secret = Files.writeString(dir.resolve("imap-password"), DemoMailServer.PASSWORD);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        try (DemoMailServer server = new DemoMailServer()) {
            server.seedScenario();
            // Port 1: the server is down, and the fetch's archive holds fewer classes than a drain loads.
            Path downConfig = dir.resolve("down.json");
            Path upConfig = dir.resolve("up.json");
            for (Path config : List.of(downConfig, upConfig)) {
                Files.writeString(config, """
                        { "dataDir": "%s", "mailboxes": [ { "name": "support", "host": "127.0.0.1", "port": %d,
                          "security": "none", "username": "%s", "password": { "file": "%s" } } ] }
                        """.formatted(dir.resolve("data"), config == downConfig ? 1 : server.port(),
                        DemoMailServer.USER, secret));
            }
            java.util.function.Function<Path, Command.Result> fetch = config -> Command.of(launcher.toString(),
                    "--config", config.toString(), "fetch").env("PATH", CRON_PATH).env("HOME", home.toString())
                    .env("HELPDESK_JAVA_OPTS", "-XX:+PrintFlagsFinal").run(dir);
            assertEquals(69, fetch.apply(downConfig).code());
            List<Path> first = cached(cache);
            assertEquals(2, first.size(), first.toString());
            Path archive = first.get(0);
            assertTrue(Files.exists(Path.of(archive + ".provisional")), first.toString());
            java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(archive);

            Command.Result down = fetch.apply(downConfig);
            assertEquals(69, down.code(), down.toString());
            assertEquals(archive.toString(), JvmFlags.value(down, "SharedArchiveFile"), "a provisional archive is mapped");
            assertEquals(made, Files.getLastModifiedTime(archive), "and not made again by a fetch that did not drain");
            assertTrue(Files.exists(Path.of(archive + ".provisional")));

            Command.Result drained = fetch.apply(upConfig);
            assertEquals(0, drained.code(), drained.toString());
            assertTrue(drained.out().contains("support: 6 new"), drained.toString());
            assertEquals(archive.toString(), JvmFlags.value(drained, "SharedArchiveFile"), "mapped while it lists its classes");
            assertEquals(List.of(archive), cached(cache), "made again, no longer provisional, no part left over");
            assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "made again");

            java.nio.file.attribute.FileTime remade = Files.getLastModifiedTime(archive);
            assertEquals(0, fetch.apply(upConfig).code());
            assertEquals(remade, Files.getLastModifiedTime(archive), "once");
        }
    }

    @Test
    void theFirstFetchRecordsAClassArchiveThatLaterRunsMapAndANewerJarReplaces() throws Exception {
        Path home = dir.resolve("home");
        Path config = Files.createDirectories(dir.resolve("conf")).resolve("config.json");
        // Nothing listens on port 1: the fetch fails (69), and is still the run that records the classes.
        Files.writeString(config, """
                { "dataDir": "%s", "mailboxes": [ { "name": "support", "host": "127.0.0.1", "port": 1,
                  "security": "none", "username": "u", "password": { "env": "UNUSED_PW" } } ] }
                """.formatted(dir.resolve("data")));
        Path cache = home.resolve(".cache/helpdesk");
        Command.Result version = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).run(dir);
        assertEquals(0, version.code(), version.toString());
        assertTrue(!Files.exists(cache) || Files.list(cache).noneMatch(f -> f.toString().endsWith(".jsa")),
                "only a fetch records the archive");
        Command.Result help = Command.of(launcher.toString(), "fetch", "--help").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).run(dir);
        assertEquals(0, help.code(), help.toString());
        assertTrue(!Files.exists(cache) || Files.list(cache).noneMatch(f -> f.toString().endsWith(".jsa")),
                "a fetch that only prints its help records nothing");

        Command.Result fetch = Command.of(launcher.toString(), "--config", config.toString(), "fetch")
                .env("PATH", CRON_PATH).env("HOME", home.toString()).env("UNUSED_PW", "x").run(dir);
        assertEquals(69, fetch.code(), fetch.toString());
        assertTrue(!fetch.out().contains("cds") && !fetch.err().contains("cds"), "no JVM chatter: " + fetch);
        List<Path> archives = cached(cache);
        assertEquals(2, archives.size(), "one archive, provisional (the fetch did not drain), no part left over: "
                + archives);
        Path archive = archives.get(0);
        assertEquals(archive + ".provisional", archives.get(1).toString());
        String jvm = Path.of("/usr/bin/java").toRealPath().toString(); // java on cron's PATH, links resolved
        assertEquals((installed.resolve("prefix/lib/helpdesk/helpdesk.jar") + "-" + jvm)
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".jsa", archive.getFileName().toString(),
                "named after the jar and the JVM, each character a file name could not hold made _");

        Command.Result mapped = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).env("HELPDESK_JAVA_OPTS", "-XX:+PrintFlagsFinal").run(dir);
        assertEquals(archive.toString(), JvmFlags.value(mapped, "SharedArchiveFile"), "later runs map it");
        Command.Result loads = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).env("HELPDESK_JAVA_OPTS", "-Xlog:class+load").run(dir);
        for (String loaded : List.of("picocli.CommandLine ", "dev.helpdesk.cli.Main ", "java.lang.Object ")) {
            assertTrue(loads.out().lines().anyMatch(line -> line.contains(loaded + "source: shared objects file")),
                    "the archive holds the JDK's, helpdesk's and picocli's classes (compiled for Java 5): " + loaded);
        }
        assertEquals("1", JvmFlags.value(mapped, "TieredStopAtLevel"), "C1 only");
        assertEquals("true", JvmFlags.value(mapped, "UseSerialGC"), "serial GC");

        Command.Result off = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).env("HELPDESK_CDS", "off").env("HELPDESK_JAVA_OPTS",
                        "-XX:+PrintFlagsFinal").run(dir);
        assertEquals("", JvmFlags.value(off, "SharedArchiveFile"), "HELPDESK_CDS=off");

        // A newer jar (an upgrade) makes the archive stale: not mapped, and the next fetch records it again.
        Path jar = installed.resolve("prefix/lib/helpdesk/helpdesk.jar");
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(archive);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 1));
        Command.Result stale = Command.of(launcher.toString(), "--version").env("PATH", CRON_PATH)
                .env("HOME", home.toString()).env("HELPDESK_JAVA_OPTS", "-XX:+PrintFlagsFinal").run(dir);
        assertEquals("", JvmFlags.value(stale, "SharedArchiveFile"), "a stale archive is not mapped");
        Command.Result again = Command.of(launcher.toString(), "--config", config.toString(), "fetch")
                .env("PATH", CRON_PATH).env("HOME", home.toString()).env("UNUSED_PW", "x").run(dir);
        assertEquals(69, again.code(), again.toString());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0,
                "recorded again after the upgrade");
    }
}
