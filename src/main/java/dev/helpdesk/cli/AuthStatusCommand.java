package dev.helpdesk.cli;

import dev.helpdesk.auth.TokenStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helpdesk auth status}: per OAuth mailbox, the state of its saved login; reads the token caches only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per OAuth mailbox: flow, account, when the access token expires, whether a refresh token is"
                + " saved, when a token was last obtained, and a verdict (ok, refreshes on next run, login"
                + " required). Reads the token caches only; asks Microsoft nothing and changes nothing.")
final class AuthStatusCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array (documented in README.md).")
    private boolean json;

    AuthStatusCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TokenStatus> statuses = wiring.tokenStatuses();
        if (json) {
            out.println(new Json().write(statuses.stream().map(this::toJson).toList()));
        } else if (statuses.isEmpty()) {
            out.println("No mailbox logs in with OAuth 2.0 (none has an \"oauth2\" block in "
                    + wiring.config().source() + ").");
        } else {
            HumanUnits units = new HumanUnits(wiring.clock().getZone());
            statuses.forEach(status -> print(out, status, units));
        }
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, TokenStatus s, HumanUnits units) {
        Instant now = wiring.clock().instant();
        out.println(s.mailbox());
        out.println("  flow            " + s.flow().json());
        out.println("  account         " + SafeText.line(s.account().orElse("none"))
                + s.tenantId().map(tenant -> " (tenant " + SafeText.line(tenant) + ")").orElse(""));
        out.println("  access token    " + s.accessTokenExpires().map(at -> expiry(at, now, units)).orElse("none"));
        out.println("  refresh token   " + (s.refreshToken() ? "present"
                : s.flow().json().equals("device") ? "none" : "none (app-only logins have none)"));
        out.println("  last refreshed  " + s.lastRefreshed().map(at -> units.time(at) + " ("
                + HumanUnits.duration(Duration.between(at, now)) + " ago)").orElse("never"));
        out.println("  verdict         " + s.verdictText());
        s.detail().ifPresent(detail -> out.println("  why             " + SafeText.line(detail)));
    }

    private static String expiry(Instant at, Instant now, HumanUnits units) {
        Duration left = Duration.between(now, at);
        return left.isNegative() || left.isZero()
                ? "expired " + HumanUnits.duration(left) + " ago (" + units.time(at) + ")"
                : "expires in " + HumanUnits.duration(left) + " (" + units.time(at) + ")";
    }

    private Map<String, Object> toJson(TokenStatus s) {
        Instant now = wiring.clock().instant();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.mailbox());
        json.put("flow", s.flow().json());
        json.put("account", s.account().orElse(null));
        json.put("tenantId", s.tenantId().orElse(null));
        json.put("accessTokenExpiresAt", s.accessTokenExpires().map(Instant::toString).orElse(null));
        json.put("accessTokenExpiresInSeconds",
                s.accessTokenExpires().map(at -> Duration.between(now, at).getSeconds()).orElse(null));
        json.put("refreshTokenPresent", s.refreshToken());
        json.put("lastRefreshedAt", s.lastRefreshed().map(Instant::toString).orElse(null));
        json.put("verdict", s.verdict().key());
        json.put("verdictText", s.verdictText());
        json.put("detail", s.detail().orElse(null));
        json.put("nextStep", s.nextStep().orElse(null));
        json.put("cache", s.cache());
        return json;
    }
}
