package dev.helpdesk.cli;

import picocli.CommandLine.Command;

/** The group of lock commands; it has subcommands and no body of its own. */
@Command(name = "lock",
        mixinStandardHelpOptions = true,
        description = "Inspect and free the per-mailbox fetch locks.",
        synopsisSubcommandLabel = "COMMAND")
final class LockCommand {
}
