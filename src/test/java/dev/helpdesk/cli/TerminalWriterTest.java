package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The net under every command: whatever is printed, no raw control reaches the terminal; help stays plain. */
class TerminalWriterTest {

    @Test
    void whateverIsPrintedItsControlsAreEscaped() {
        StringWriter sink = new StringWriter();
        PrintWriter out = TerminalWriter.wrap(sink);
        out.println("subject \u001B[2J\u202Eevil\rrow");
        out.print('\u009B');
        out.print("tab\tstays");
        out.println();
        assertEquals("subject \\x1B[2J\\u202Eevil\\rrow\n\\x9Btab\tstays\n", sink.toString());
    }

    @Test
    void fieldsAlreadyEscapedPassUnchanged() {
        StringWriter sink = new StringWriter();
        String field = SafeText.line("a\u001B[2J\r\nb");
        TerminalWriter.wrap(sink).println(field);
        assertEquals(field + "\n", sink.toString());
    }

    @Test
    void picocliEchoesAHostileArgumentOnlyEscaped() {
        CliRun run = CliRun.run(Map.of(), Clock.systemUTC(), "--\u001B]8;;http://evil\u001B\\x");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("--\\x1B]8;;http://evil\\x1B\\x"), run.err());
        assertFalse(run.err().contains("\u001B"), run.err());
    }

    @Test
    void usageHelpHasNoColoursEvenWhenPicocliWouldChooseThem() {
        // picocli colours help by itself on a Unix terminal; picocli.ansi=true stands in for one in a test.
        String before = System.getProperty("picocli.ansi");
        System.setProperty("picocli.ansi", "true");
        try {
            for (String[] args : new String[][] {{"--help"}, {"help", "conversations"}, {"auth", "status", "--help"}}) {
                CliRun run = CliRun.run(Map.of(), Clock.systemUTC(), args);
                assertEquals(0, run.code(), run.toString());
                assertTrue(run.out().startsWith("Usage: helpdesk"), run.out());
                assertFalse(run.out().contains("\u001B") || run.out().contains("\\x1B"), run.out());
            }
        } finally {
            if (before == null) {
                System.clearProperty("picocli.ansi");
            } else {
                System.setProperty("picocli.ansi", before);
            }
        }
    }

    @Test
    void everyCommandInTheTreeHasColoursOff() {
        Wiring wiring = new Wiring(Map.of(), Clock.systemUTC(), holder -> false,
                ProcessIdentity.current("test-host", "helpdesk"), "test", Terminal.none(), () -> { });
        StringWriter sink = new StringWriter();
        assertColoursOff(Commands.build(wiring, new PrintWriter(sink), new PrintWriter(sink)));
    }

    private static void assertColoursOff(CommandLine commandLine) {
        assertEquals(CommandLine.Help.Ansi.OFF, commandLine.getColorScheme().ansi(), commandLine.getCommandName());
        commandLine.getSubcommands().values().forEach(TerminalWriterTest::assertColoursOff);
    }
}
