package dev.helpdesk.cli;

import picocli.CommandLine.Command;

/** The group of commands about one configured mailbox; it has subcommands and no body of its own. */
@Command(name = "mailbox",
        mixinStandardHelpOptions = true,
        description = "Look at a configured mailbox's server without fetching anything.",
        synopsisSubcommandLabel = "COMMAND")
final class MailboxCommand {
}
