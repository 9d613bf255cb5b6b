package dev.helpdesk.cli;

import dev.helpdesk.config.ConfigException;
import dev.helpdesk.config.MailboxConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code helpdesk mailbox-names} (hidden): the configured mailbox names, one a line, for the
 * completion scripts. Without a usable config it prints nothing and exits 0: a TAB never shows an error.
 */
@Command(name = "mailbox-names", hidden = true,
        description = "Print the configured mailbox names, one a line (for shell completion).")
final class MailboxNamesCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    MailboxNamesCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        try {
            wiring.config().mailboxes().stream().map(MailboxConfig::name).forEach(spec.commandLine().getOut()::println);
        } catch (ConfigException noUsableConfig) {
            // Completion offers nothing then; `helpdesk fetch` itself will say what is wrong with the config.
        }
        return ExitCodes.OK;
    }
}
