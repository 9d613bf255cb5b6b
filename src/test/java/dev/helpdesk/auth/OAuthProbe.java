package dev.helpdesk.auth;

import dev.helpdesk.cli.Main;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.DataDir;
import dev.helpdesk.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A child JVM for the OAuth tests: a new process that knows nothing but what is on disk (the token cache, the
 * store, the config, and the fake identity provider's own state file), as the next cron run would.
 *
 * <ul>
 *   <li>{@code fetch CONFIG IDP_STATE}: the real {@link Fetch}, wired as {@code Wiring.fetch} wires it, with
 *       the fake behind msal4j's {@code IHttpClient} seam; prints {@code RESULT mailbox outcome new=N} per
 *       mailbox, logs at debug level on stderr, exits with the worst outcome's code.</li>
 *   <li>{@code cli IDP_STATE ARGS...}: the real {@code helpdesk} main with msal4j's own HTTP client, every
 *       https URL routed to the fake ({@link FakeHttps}).</li>
 *   <li>{@code proxy CONFIG PROXY_PORT}: asks for an app-only token through msal4j's own HTTP client with the
 *       standard proxy properties set and one-second timeouts; prints {@code RESULT kind millis} and
 *       {@code MESSAGE text}.</li>
 * </ul>
 *
 * <p>Whenever the fake issues an access token the child prints {@code @@ISSUED} and waits for a line on
 * stdin, so the parent can make it the GreenMail user's password before the child logs in to IMAP.
 */
public final class OAuthProbe {
    static final String ISSUED = "@@ISSUED";

    private OAuthProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fetch" -> System.exit(fetch(Path.of(args[1]), Path.of(args[2])));
            case "cli" -> {
                FakeHttps.install(idp(Path.of(args[1])));
                Main.main(Arrays.copyOfRange(args, 2, args.length));
            }
            case "proxy" -> proxy(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static FakeIdentityProvider idp(Path state) {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return FakeIdentityProvider.persistentAt(state).onAccessToken(token -> {
            System.out.println(ISSUED);
            System.out.flush();
            try {
                stdin.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static int fetch(Path configFile, Path idpState) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Config config = new ConfigLoader(System.getenv()).load(configFile);
        SecretReader secrets = new SecretReader(System.getenv());
        MsalApps apps = new MsalApps(secrets, Optional.of(idp(idpState)), MsalApps.CONNECT_TIMEOUT,
                MsalApps.READ_TIMEOUT);
        MailboxCredentials credentials = new MailboxCredentials(new PasswordCredentials(secrets),
                new OAuthCredentials(config.dataDir(), apps, Clock.systemUTC()), false);
        ProcessIdentity self = ProcessIdentity.current("test-host", "oauth-probe fetch");
        List<MailboxReport> reports;
        try (Store store = new DataDir(config.dataDir()).openStore("oauth-probe")) {
            Locks locks = new Locks(store, Clock.systemUTC(), new SystemProcesses(), self);
            reports = dev.helpdesk.testing.Fetches.of(config, store, locks, credentials, self, Clock.systemUTC(),
                    Checkpoints.none(), Tuning.DEFAULT).run(config.mailboxes());
        }
        int worst = 0;
        for (MailboxReport report : reports) {
            System.out.println("RESULT " + report.mailbox() + " " + report.outcome().key() + " new="
                    + report.counts().newMessages());
            report.error().ifPresent(error -> System.out.println("ERROR " + report.mailbox() + " " + error));
            worst = Math.max(worst, dev.helpdesk.cli.ExitCodes.of(report.outcome()));
        }
        return worst;
    }

    private static void proxy(Path configFile, int proxyPort) {
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", Integer.toString(proxyPort));
        Config config = new ConfigLoader(System.getenv()).load(configFile);
        SecretReader secrets = new SecretReader(System.getenv());
        MsalApps apps = new MsalApps(secrets, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1));
        OAuthCredentials tokens = new OAuthCredentials(config.dataDir(), apps, Clock.systemUTC());
        long start = System.nanoTime();
        String kind;
        String message;
        try {
            tokens.tokenFor(config.mailbox("office").orElseThrow(), false);
            kind = "token";
            message = "";
        } catch (CredentialException e) {
            kind = "credential-" + e.reason();
            message = e.getMessage();
        }
        System.out.println("RESULT " + kind + " " + (System.nanoTime() - start) / 1_000_000);
        System.out.println("MESSAGE " + message);
        System.exit(0);
    }
}
