package dev.helpdesk.cli;

import dev.helpdesk.config.MailboxConfig;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The group of Microsoft 365 login commands; it has subcommands and no body of its own. */
@Command(name = "auth",
        mixinStandardHelpOptions = true,
        description = "Sign Microsoft 365 (OAuth 2.0) mailboxes in and out, and show their tokens' state.",
        synopsisSubcommandLabel = "COMMAND")
final class AuthCommand {

    /** The group with its subcommands, for the root command to register in one line. */
    static CommandLine tree(Wiring wiring) {
        return new CommandLine(new AuthCommand())
                .addSubcommand("login", new AuthLoginCommand(wiring))
                .addSubcommand("status", new AuthStatusCommand(wiring))
                .addSubcommand("logout", new AuthLogoutCommand(wiring));
    }

    /** The configured mailbox of that name, which must log in with OAuth 2.0; else a usage error. */
    static MailboxConfig oauthMailbox(Wiring wiring, String name) {
        MailboxConfig mailbox = wiring.config().mailbox(name).orElseThrow(() -> new UsageException(
                "there is no mailbox named " + name + " in " + wiring.config().source() + "; the OAuth mailboxes are: "
                        + oauthNames(wiring) + "."));
        if (mailbox.oauth2().isEmpty()) {
            throw new UsageException("mailbox " + name + " logs in with a password, so it has no login to manage;"
                    + " the OAuth mailboxes are: " + oauthNames(wiring) + ".");
        }
        return mailbox;
    }

    private static String oauthNames(Wiring wiring) {
        String names = wiring.config().mailboxes().stream().filter(m -> m.oauth2().isPresent())
                .map(MailboxConfig::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none (no mailbox has an \"oauth2\" block)" : names;
    }
}
