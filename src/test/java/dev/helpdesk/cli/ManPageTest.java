package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man page comes from the same picocli model as --help, and man(1) and groff render it cleanly. */
class ManPageTest {
    @TempDir
    Path dir;

    private String page;

    @BeforeEach
    void render() {
        CliRun run = CliRun.run(Map.of("HOME", dir.toString()), Clock.systemUTC(), "man");
        assertEquals(0, run.code(), run.toString());
        page = run.out();
    }

    @Test
    void hasTheSectionsAndEveryVisibleCommand() {
        assertTrue(page.startsWith(".TH HELPDESK 1 "), page);
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS",
                "ENVIRONMENT", "FILES", "SEE ALSO")) {
            assertTrue(page.contains("\n.SH " + section + "\n") || page.contains("\n.SH \"" + section + "\"\n"),
                    section + " missing");
        }
        for (String command : List.of("helpdesk fetch", "helpdesk status", "helpdesk conversations show",
                "helpdesk lock release", "helpdesk store copy",
                "helpdesk auth login", "helpdesk completion", "helpdesk init")) {
            assertTrue(page.contains("\n.SS \"" + command + "\"\n"), command + " missing");
        }
        assertFalse(page.contains("mailbox\\-names"), "hidden commands stay out of the page");
        assertTrue(page.contains("HELPDESK_JAVA_OPTS") && page.contains("\\-Xmx128m"), "the launcher's options");
    }

    @Test
    void rendersWithoutWarnings() throws Exception {
        Path file = Files.writeString(dir.resolve("helpdesk.1"), page);
        if (Command.onPath("groff")) {
            // -ww: every warning; -z: no output, so stderr holds only complaints about the page.
            Command.Result groff = Command.of("groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                    .env("PATH", System.getenv("PATH")).run(dir);
            assertEquals(new Command.Result(0, "", "").toString(), groff.toString());
        }
        if (Command.onPath("man")) {
            Command.Result man = Command.of("man", "-l", file.toString()).env("PATH", System.getenv("PATH"))
                    .env("MANPAGER", "cat").env("MANWIDTH", "100").env("LANG", "C.UTF-8").run(dir);
            assertEquals(0, man.code(), man.toString());
            assertTrue(man.out().contains("EXIT STATUS") && man.out().contains("helpdesk fetch [-hqvV] [--dry-run]"),
                    man.out());
            assertTrue(man.out().contains("75     every requested mailbox was busy"), man.out());
        }
    }
}
