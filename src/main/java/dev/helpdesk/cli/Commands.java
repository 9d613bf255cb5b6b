package dev.helpdesk.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Assembles the command tree with its collaborators and the handlers that own output on failure. picocli reads a
 * command's annotations when it is added, about 90 ms of a 0.4 s cron tick for all twenty: a run gets the root and
 * the one command its arguments certainly name, and the whole tree only when it shows or walks it.
 */
final class Commands {
    /** A command under the root; {@code readsTree}: it shows or walks the whole tree (help, man, completion). */
    private record Sub(String name, List<String> aliases, boolean readsTree, Function<Wiring, Object> make) {
        Sub(String name, Function<Wiring, Object> make) {
            this(name, List.of(), false, make);
        }
    }

    /** The commands under the root, in the order its help lists them. */
    private static final List<Sub> SUBCOMMANDS = List.of(
            new Sub("help", List.of(), true, wiring -> new CommandLine.HelpCommand()),
            new Sub("init", InitCommand::new),
            new Sub("fetch", FetchCommand::new),
            new Sub("status", StatusCommand::new),
            new Sub("runs", RunsCommand::new),
            new Sub("check", CheckCommand::new),
            new Sub("metrics", MetricsCommand::new),
            new Sub("conversations", List.of("tickets"), false, ConversationsCommand::new),
            new Sub("quarantine", QuarantineCommand::new),
            new Sub("skipped", SkippedCommand::new),
            new Sub("mailbox", wiring -> new CommandLine(new MailboxCommand())
                    .addSubcommand("test", new MailboxTestCommand(wiring))),
            new Sub("lock", wiring -> new CommandLine(new LockCommand())
                    .addSubcommand("show", new LockShowCommand(wiring))
                    .addSubcommand("release", new LockReleaseCommand(wiring))),
            new Sub("store", wiring -> new CommandLine(new StoreCommand())
                    .addSubcommand("copy", new StoreCopyCommand(wiring))),
            new Sub("auth", AuthCommand::tree),
            new Sub("completion", List.of(), true, wiring -> new CompletionCommand()),
            new Sub("mailbox-names", MailboxNamesCommand::new),
            new Sub("man", List.of(), true, ManCommand::new));

    private Commands() {
    }

    /** The whole tree. */
    static CommandLine build(Wiring wiring, PrintWriter out, PrintWriter err) {
        return assemble(new CommandLine(new HelpdeskCommand(wiring)), wiring, out, err, SUBCOMMANDS);
    }

    /**
     * The tree a run of {@code args} needs: the root and the command they name, when picocli would certainly read
     * them so (the root alone for its version); else the whole tree (the root's help, `help`, `man`, `completion`,
     * and an unknown command, whose suggestions come from the others).
     */
    static CommandLine forRun(Wiring wiring, PrintWriter out, PrintWriter err, String... args) {
        CommandLine root = new CommandLine(new HelpdeskCommand(wiring));
        return assemble(root, wiring, out, err, needed(root.getCommandSpec(), List.of(args)));
    }

    private static CommandLine assemble(CommandLine root, Wiring wiring, PrintWriter out, PrintWriter err,
            List<Sub> subcommands) {
        for (Sub sub : subcommands) {
            root.addSubcommand(sub.name(), sub.make().apply(wiring), sub.aliases().toArray(String[]::new));
        }
        // Set once every command is in: picocli hands these down to the subcommands it has. Colours off: picocli
        // turns them on by itself on a Unix terminal, and the net below would show them as \x1B[...
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        root.setOut(TerminalWriter.wrap(out));
        root.setErr(TerminalWriter.wrap(err));
        root.setExitCodeExceptionMapper(new ExitCodes());
        root.setParameterExceptionHandler(Commands::usageError);
        root.setExecutionExceptionHandler((failure, commandLine, parseResult) ->
                failed(failure, commandLine, wiring.verbose()));
        return root;
    }

    /**
     * The commands a run needs: the one {@code args} name, when every argument before it is one of the root's
     * options or the value of one, exactly as picocli reads them; none for the root's version alone. A command's
     * name where a value is expected, the root's help, a cluster of flags or anything else needs the whole tree.
     */
    private static List<Sub> needed(CommandSpec root, List<String> args) {
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Optional<Sub> sub = find(arg);
            if (sub.isPresent()) {
                return version || sub.get().readsTree() ? SUBCOMMANDS : List.of(sub.get());
            }
            int equals = arg.indexOf('=');
            OptionSpec option = arg.startsWith("-") ? root.findOption(equals < 0 ? arg : arg.substring(0, equals))
                    : null;
            if (option == null || option.usageHelp() || option.arity().min() != option.arity().max()) {
                return SUBCOMMANDS;
            }
            version |= option.versionHelp();
            if (equals < 0) {
                for (int value = 0; value < option.arity().min(); value++) {
                    if (++i < args.size() && find(args.get(i)).isPresent()) {
                        return SUBCOMMANDS; // picocli refuses a command's name as an option's value
                    }
                }
            }
        }
        return version ? List.of() : SUBCOMMANDS;
    }

    private static Optional<Sub> find(String name) {
        return SUBCOMMANDS.stream().filter(sub -> sub.name().equals(name) || sub.aliases().contains(name)).findFirst();
    }

    /** One line saying what was wrong, one saying where help is; exit 2. */
    private static int usageError(CommandLine.ParameterException problem, String[] args) {
        CommandLine commandLine = problem.getCommandLine();
        if (commandLine.getCommand() instanceof CheckCommand) {
            // A monitoring system shows stdout and reads 3 as UNKNOWN, which is what a bad option is to it.
            commandLine.getOut().println(CheckCommand.unknown(problem.getMessage()));
            return ExitCodes.MONITOR_UNKNOWN;
        }
        PrintWriter err = commandLine.getErr();
        err.println("helpdesk: " + problem.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.USAGE;
    }

    /** A failure the user can act on prints its sentence; anything else is a bug, with the trace behind -v. */
    private static int failed(Exception failure, CommandLine commandLine, boolean verbose) {
        PrintWriter err = commandLine.getErr();
        if (ExitCodes.expected(failure)) {
            err.println("helpdesk: " + failure.getMessage());
        } else {
            err.println("helpdesk: internal error: " + failure + (verbose ? ""
                    : ". Run again with --verbose to see the stack trace, and please report it."));
        }
        if (verbose) {
            failure.printStackTrace(err);
        }
        return new ExitCodes().getExitCode(failure);
    }
}
