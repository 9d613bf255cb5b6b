package dev.helpdesk.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Assembles the command tree with its collaborators and the handlers that own output on failure. */
final class Commands {
    private Commands() {
    }

    static CommandLine build(Wiring wiring, PrintWriter out, PrintWriter err) {
        CommandLine lock = new CommandLine(new LockCommand())
                .addSubcommand("show", new LockShowCommand(wiring))
                .addSubcommand("release", new LockReleaseCommand(wiring));
        CommandLine store = new CommandLine(new StoreCommand())
                .addSubcommand("copy", new StoreCopyCommand(wiring));
        CommandLine mailbox = new CommandLine(new MailboxCommand())
                .addSubcommand("test", new MailboxTestCommand(wiring));
        CommandLine root = new CommandLine(new HelpdeskCommand(wiring))
                .addSubcommand("help", new CommandLine.HelpCommand())
                .addSubcommand("init", new InitCommand(wiring))
                .addSubcommand("fetch", new FetchCommand(wiring))
                .addSubcommand("status", new StatusCommand(wiring))
                .addSubcommand("runs", new RunsCommand(wiring))
                .addSubcommand("check", new CheckCommand(wiring))
                .addSubcommand("metrics", new MetricsCommand(wiring))
                .addSubcommand("conversations", new ConversationsCommand(wiring), "tickets")
                .addSubcommand("quarantine", new QuarantineCommand(wiring))
                .addSubcommand("skipped", new SkippedCommand(wiring))
                .addSubcommand("mailbox", mailbox)
                .addSubcommand("lock", lock)
                .addSubcommand("store", store)
                .addSubcommand("auth", AuthCommand.tree(wiring))
                .addSubcommand("completion", new CompletionCommand())
                .addSubcommand("mailbox-names", new MailboxNamesCommand(wiring))
                .addSubcommand("man", new ManCommand(wiring));
        // Colours off: picocli turns them on by itself on a Unix terminal, and the net below would show them as \x1B[...
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        root.setOut(TerminalWriter.wrap(out));
        root.setErr(TerminalWriter.wrap(err));
        root.setExitCodeExceptionMapper(new ExitCodes());
        root.setParameterExceptionHandler(Commands::usageError);
        root.setExecutionExceptionHandler((failure, commandLine, parseResult) ->
                failed(failure, commandLine, wiring.verbose()));
        return root;
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
