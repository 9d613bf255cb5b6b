package dev.helpdesk.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: global options only; running it without a subcommand is a usage error. */
@Command(name = "helpdesk",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns support mailboxes into helpdesk conversations. Run `helpdesk fetch` from cron"
                + " every five minutes; each run drains the mailboxes and exits.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:all requested work done, including \"nothing new\"",
            " 1:unexpected internal error (run again with --verbose for the stack trace)",
            " 2:usage error: unknown option, missing or bad argument",
            "65:some messages were quarantined",
            "69:a mailbox was unreachable",
            "74:store copy: after the copy, a table counts differently in the source and the target",
            "75:every requested mailbox was busy (its lock is held by a live run)",
            "76:the server refused the afterFetch actions (they stay queued; see helpdesk status)",
            "77:login required (run the `helpdesk auth login` command shown)",
            "78:configuration invalid (also: afterFetch impossible on the server), or data of a newer helpdesk;"
                    + " store copy: the target database is not empty",
            "79:the lock was taken over during the run (its lease ran out); this run stopped writing",
        },
        footerHeading = "%nFiles:%n",
        footer = {
            "Config: --config FILE, else $HELPDESK_CONFIG, else $XDG_CONFIG_HOME/helpdesk/config.json.",
            "Data (database, token caches): dataDir in the config, else $XDG_DATA_HOME/helpdesk/.",
        })
final class HelpdeskCommand {
    private final Wiring wiring;

    HelpdeskCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The config file (default: $HELPDESK_CONFIG, else $XDG_CONFIG_HOME/helpdesk/config.json).")
    void config(Path file) {
        wiring.useConfigFile(file);
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log progress to stderr; show stack traces of internal errors.")
    void verbose(boolean on) {
        wiring.verbose(on);
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing but errors.")
    void quiet(boolean on) {
        wiring.quiet(on);
    }
}
