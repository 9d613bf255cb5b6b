package dev.helpdesk.cli;

import picocli.CommandLine.Command;

/** The group of store commands; it has subcommands and no body of its own. */
@Command(name = "store",
        mixinStandardHelpOptions = true,
        description = "Move the store: copy a host's SQLite store into the PostgreSQL database several hosts share.",
        synopsisSubcommandLabel = "COMMAND")
final class StoreCommand {
}
