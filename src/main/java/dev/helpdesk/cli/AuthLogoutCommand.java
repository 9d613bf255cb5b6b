package dev.helpdesk.cli;

import dev.helpdesk.auth.Logout;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk auth logout --mailbox NAME}: forgets a mailbox's saved login. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Remove an OAuth mailbox's token cache. Fetch then reports \"login required\" for it until"
                + " the next `helpdesk auth login`. Microsoft is not told: to end the session there, revoke it in"
                + " the Entra admin center.")
final class AuthLogoutCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "NAME", required = true, description = "The mailbox to sign out.")
    private String name;

    AuthLogoutCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        MailboxConfig mailbox = AuthCommand.oauthMailbox(wiring, name);
        Logout.Outcome outcome;
        try (Store store = wiring.openStore()) {
            outcome = wiring.logout(store).run(mailbox);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (outcome instanceof Logout.Busy busy) {
            spec.commandLine().getErr().println("helpdesk: " + name + ": busy: the lock " + busy.lock() + " is held by "
                    + SafeText.line(busy.holder()) + "; nothing was removed. Try again when that run is done.");
            return ExitCodes.BUSY;
        }
        Logout.Removed removed = (Logout.Removed) outcome;
        if (!wiring.quiet()) {
            out.println(removed.existed()
                    ? name + ": removed the saved login (" + removed.cache() + "). Fetch reports \"login required\""
                            + " for it until `helpdesk auth login --mailbox " + name + "`."
                    : name + ": there was no saved login (" + removed.cache() + " does not exist); nothing to do.");
        }
        return ExitCodes.OK;
    }
}
