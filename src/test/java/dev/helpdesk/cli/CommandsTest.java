package dev.helpdesk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpdesk.lock.ProcessIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A run builds the root and the one command its arguments name, and the whole tree whenever that is not certain
 * or the run shows the tree; either way every command reads its arguments, helps and fails exactly as in the whole
 * tree.
 */
class CommandsTest {
    private final Wiring wiring = new Wiring(Map.of(), Clock.systemUTC(), holder -> false,
            ProcessIdentity.current("test-host", "helpdesk"), "test", Terminal.none(), () -> { });

    @Test
    void aRunGetsTheRootAndTheCommandItNames() {
        assertEquals(Set.of("fetch"), built("fetch"));
        assertEquals(Set.of("fetch"), built("--config", "/etc/helpdesk.json", "-v", "fetch", "--mailbox", "support"));
        assertEquals(Set.of("fetch"), built("--config=/etc/helpdesk.json", "--quiet", "fetch"));
        assertEquals(Set.of("conversations", "tickets"), built("tickets", "list"));
        assertEquals(Set.of("lock"), built("lock", "show"));
        assertEquals(Set.of("status"), built("-q", "status", "help"));
        assertEquals(Set.of(), built("--version"));
        assertEquals(Set.of(), built("-q", "-V"));
    }

    @Test
    void theWholeTreeWhenARunShowsItOrTheCommandIsNotCertain() {
        Set<String> whole = Commands.build(wiring, sink(), sink()).getSubcommands().keySet();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-h", "fetch"),
                List.of("--version", "fetch"), List.of("help", "fetch"), List.of("man"), List.of("completion"),
                List.of("fetc"), List.of("-vq", "fetch"), List.of("--config", "fetch", "status"),
                List.of("--config"), List.of("--", "fetch"), List.of("--bogus", "fetch"), List.of("-", "fetch"),
                List.of("conversation", "list"))) {
            assertEquals(whole, built(args.toArray(String[]::new)), args.toString());
        }
    }

    @Test
    void everyCommandHelpsAndFailsAsInTheWholeTree() {
        List<List<String>> runs = new ArrayList<>();
        collect(Commands.build(wiring, sink(), sink()), List.of(), runs);
        runs.add(List.of("fetch", "--bogus"));
        runs.add(List.of("--config", "/nowhere.json", "status", "--json", "extra"));
        runs.add(List.of("check", "--mailbox"));
        runs.add(List.of("tickets", "lst"));
        runs.add(List.of("--version"));
        runs.add(List.of("--config", "/nowhere.json", "-V"));
        runs.add(List.of("-V", "fetch"));
        runs.add(List.of());
        for (List<String> args : runs) {
            String[] argv = args.toArray(String[]::new);
            assertEquals(outcome(true, argv), outcome(false, argv), args.toString());
        }
    }

    /** Every command and alias of the tree, asked for its help. */
    private static void collect(CommandLine command, List<String> path, List<List<String>> runs) {
        command.getSubcommands().forEach((name, sub) -> {
            List<String> at = new ArrayList<>(path);
            at.add(name);
            List<String> help = new ArrayList<>(at);
            help.add("--help");
            runs.add(help);
            collect(sub, at, runs);
        });
    }

    /** The exit code, stdout and stderr of a run on the whole tree or on the one built for it. */
    private String outcome(boolean whole, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine tree = whole ? Commands.build(wiring, outWriter, errWriter)
                : Commands.forRun(wiring, outWriter, errWriter, args);
        int code = tree.execute(args);
        return "exit " + code + "\nout:\n" + out + "\nerr:\n" + err;
    }

    private CommandLine narrowed(String... args) {
        return Commands.forRun(wiring, sink(), sink(), args);
    }

    private Set<String> built(String... args) {
        return narrowed(args).getSubcommands().keySet();
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }
}
