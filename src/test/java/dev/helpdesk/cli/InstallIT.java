package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install as an admin runs it: plain, --systemd --user into a temporary home, and the
 * system-wide --systemd staged under DESTDIR; the units it writes pass `systemd-analyze verify`
 * (launcher and man page included), and the cron log's logrotate snippet really rotates.
 */
class InstallIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    private Command.Result install(Path home, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("scripts/install").toString()));
        argv.addAll(List.of(args));
        Command command = Command.of(argv).inheritEnv().env("HOME", home.toString()).withoutEnv("XDG_CONFIG_HOME")
                .withoutEnv("XDG_DATA_HOME").withoutEnv("DESTDIR");
        return command.run(dir);
    }

    private static String unit(Path file) throws Exception {
        return Files.readString(file);
    }

    private static void assertHas(String text, String... lines) {
        for (String line : lines) {
            assertTrue(text.lines().anyMatch(line::equals), line + " missing from\n" + text);
        }
    }

    @Test
    void plainInstallAddsCompletionAndTheManPage() throws Exception {
        Path prefix = dir.resolve("prefix");
        Command.Result install = install(dir.resolve("home"), prefix.toString());
        assertEquals(0, install.code(), install.toString());
        Path bash = prefix.resolve("share/bash-completion/completions/helpdesk");
        assertEquals(0, Command.of("bash", "-n", bash.toString()).run(dir).code());
        assertTrue(Files.readString(prefix.resolve("share/zsh/site-functions/_helpdesk")).startsWith("#compdef helpdesk"));
        assertTrue(Files.readString(prefix.resolve("share/man/man1/helpdesk.1")).startsWith(".TH HELPDESK 1"));
        assertTrue(install.out().contains("cron/helpdesk.cron"), install.out());
    }

    @Test
    void userUnitsPointAtTheLauncherAndPassSystemdAnalyzeVerify() throws Exception {
        Command.require("systemd-analyze");
        Path home = Files.createDirectories(dir.resolve("home"));
        Command.Result install = install(home, "--systemd", "--user");
        assertEquals(0, install.code(), install.toString());
        assertTrue(install.out().contains("journalctl --user -u helpdesk-fetch.service"), install.out());

        Path units = home.resolve(".config/systemd/user");
        Path launcher = home.resolve(".local/bin/helpdesk");
        String service = unit(units.resolve("helpdesk-fetch.service"));
        assertHas(service, "Type=oneshot", "ExecStart=" + launcher + " fetch", "SuccessExitStatus=75",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=read-only", "PrivateTmp=yes",
                "ReadWritePaths=" + home.resolve(".local/share/helpdesk"));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".local/share/helpdesk"))), "the writable data dir exists");
        assertHas(unit(units.resolve("helpdesk-fetch.timer")), "OnCalendar=*:0/5", "Persistent=true",
                "RandomizedDelaySec=0", "WantedBy=timers.target");

        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        // MANPATH: Documentation=man:helpdesk(1) is checked too, against the page the install wrote.
        Command.Result verify = Command.of("systemd-analyze", "--user", "verify",
                units.resolve("helpdesk-fetch.service").toString(), units.resolve("helpdesk-fetch.timer").toString())
                .env("PATH", System.getenv("PATH")).env("HOME", home.toString())
                .env("XDG_RUNTIME_DIR", runtime.toString()).env("MANPATH", home.resolve(".local/share/man").toString())
                .run(dir);
        assertEquals(new Command.Result(0, "", "").toString(), verify.toString(), "warnings count as failures");
    }

    @Test
    void systemUnitsStagedUnderDestdirPassSystemdAnalyzeVerify() throws Exception {
        Command.require("systemd-analyze");
        Path stage = dir.resolve("stage");
        Command.Result install = Command.of("bash", ROOT.resolve("scripts/install").toString(), "--systemd")
                .inheritEnv().env("DESTDIR", stage.toString()).run(dir);
        assertEquals(0, install.code(), install.toString());
        assertTrue(install.out().contains("journalctl -u helpdesk-fetch.service"), install.out());
        assertTrue(Files.isExecutable(stage.resolve("usr/local/bin/helpdesk")));
        assertTrue(Files.readString(stage.resolve("usr/local/bin/helpdesk"))
                .contains("helpdesk_run '/usr/local/lib/helpdesk/helpdesk.jar'"), "the launcher names the final place");

        Path units = stage.resolve("etc/systemd/system");
        assertHas(unit(units.resolve("helpdesk-fetch.service")), "Type=oneshot", "User=helpdesk",
                "ExecStart=/usr/local/bin/helpdesk fetch", "SuccessExitStatus=75", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "StateDirectory=helpdesk",
                "Environment=HELPDESK_CONFIG=/etc/helpdesk/config.json", "Environment=XDG_DATA_HOME=/var/lib");
        assertEquals(unit(ROOT.resolve("cron/helpdesk-fetch.timer")), unit(units.resolve("helpdesk-fetch.timer")));

        // --root resolves ExecStart inside the stage; systemd's own targets (timers.target, ...) come along.
        Path systemdUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        Files.createDirectories(stage.resolve("usr/lib/systemd"));
        assertEquals(0, Command.of("cp", "-a", systemdUnits.toString(), stage.resolve("usr/lib/systemd").toString())
                .run(dir).code());
        Command.Result verify = Command.of("systemd-analyze", "verify", "--root=" + stage,
                "/etc/systemd/system/helpdesk-fetch.service", "/etc/systemd/system/helpdesk-fetch.timer")
                .env("PATH", System.getenv("PATH")).env("MANPATH", stage.resolve("usr/local/share/man").toString())
                .run(dir);
        assertEquals(new Command.Result(0, "", "").toString(), verify.toString(), "warnings count as failures");
    }

    @Test
    void logrotateRenamesTheCronLogAndTheNextRunStartsAFreshOne() throws Exception {
        Command.require("logrotate");
        Path log = Files.createDirectories(dir.resolve("state/helpdesk")).resolve("fetch.log");
        String user = Command.of("id", "-un").env("PATH", System.getenv("PATH")).run(dir).out().strip();
        String group = Command.of("id", "-gn").env("PATH", System.getenv("PATH")).run(dir).out().strip();
        String snippet = unit(ROOT.resolve("cron/helpdesk.logrotate"))
                .replace("/home/helpdesk/.local/state/helpdesk/fetch.log", log.toString())
                .replace("su helpdesk helpdesk", "su " + user + " " + group);
        Path config = Files.writeString(dir.resolve("logrotate.conf"), snippet);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Command rotate = Command.of("logrotate", "--force", "--state", dir.resolve("logrotate.state").toString(),
                config.toString()).env("PATH", System.getenv("PATH"));

        Files.writeString(log, "support: 6 new\n");
        Command.Result first = rotate.run(dir);
        assertEquals(0, first.code(), first.toString());
        assertFalse(Files.exists(log), "renamed; the next cron run's >> creates it again");
        assertEquals("support: 6 new\n", Files.readString(log.resolveSibling("fetch.log.1")));

        Files.writeString(log, "support: 0 new\n");
        Command.Result second = rotate.run(dir);
        assertEquals(0, second.code(), second.toString());
        assertEquals("support: 0 new\n", Files.readString(log.resolveSibling("fetch.log.1")));
        assertTrue(Files.exists(log.resolveSibling("fetch.log.2.gz")), "compressed one rotation later");
    }
}
