package dev.helpdesk.cli;

import dev.helpdesk.auth.CredentialException;
import dev.helpdesk.auth.Login;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.config.OAuth2Config;
import dev.helpdesk.mail.MailException;
import dev.helpdesk.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk auth login --mailbox NAME}: the one-time sign-in that fetch then keeps fresh by itself. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Sign an OAuth mailbox in and save its token cache. For flow \"device\" this prints"
                + " Microsoft's sign-in message (a URL and a code) and waits until someone completes it; for"
                + " \"client-credentials\" it gets a first token with the app's credential, to prove the setup.")
final class AuthLoginCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "NAME", required = true, description = "The mailbox to sign in.")
    private String name;

    AuthLoginCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        MailboxConfig mailbox = AuthCommand.oauthMailbox(wiring, name);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Login.Outcome outcome;
        try (Store store = wiring.openStore()) {
            outcome = wiring.login(store).run(mailbox, message -> {
                out.println(message);
                out.println("Waiting for the sign-in to be completed (Ctrl-C to give up)...");
                out.flush();
            });
        } catch (CredentialException e) {
            err.println("helpdesk: " + SafeText.line(e.getMessage()));
            return switch (e.reason()) {
                case LOGIN_REQUIRED -> ExitCodes.LOGIN_REQUIRED;
                case LEASE_LOST -> ExitCodes.LEASE_LOST;
                case UNREACHABLE -> ExitCodes.UNREACHABLE;
                case MISCONFIGURED -> ExitCodes.CONFIG;
            };
        } catch (MailException e) {
            err.println("helpdesk: " + SafeText.line(e.getMessage()));
            return ExitCodes.UNREACHABLE;
        }
        if (outcome instanceof Login.Busy busy) {
            err.println("helpdesk: " + name + ": busy: the lock " + busy.lock() + " is held by " + SafeText.line(busy.holder())
                    + "; nothing was changed. Try again when that run is done (see `helpdesk lock show`).");
            return ExitCodes.BUSY;
        }
        Login.LoggedIn done = (Login.LoggedIn) outcome;
        HumanUnits units = new HumanUnits(wiring.clock().getZone());
        out.println(done.mailbox() + ": signed in as " + SafeText.line(done.account())
                + done.tenantId().map(tenant -> " (tenant " + SafeText.line(tenant) + ")").orElse("") + ".");
        out.println("  access token  valid until " + units.time(done.accessTokenExpires()) + " (for "
                + HumanUnits.duration(Duration.between(wiring.clock().instant(), done.accessTokenExpires())) + ")"
                + (done.flow() == OAuth2Config.Flow.DEVICE ? "; every fetch refreshes it when due"
                        : "; every fetch gets a new one when due"));
        out.println("  token cache   " + done.cache() + wiring.config().tokenKey()
                .map(key -> " (encrypted with the key in " + key + ")").orElse(" (mode 0600)"));
        done.note().ifPresent(note -> out.println("  note          " + note));
        return ExitCodes.OK;
    }
}
