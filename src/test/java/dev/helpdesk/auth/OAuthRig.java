package dev.helpdesk.auth;

import com.icegreen.greenmail.user.GreenMailUser;
import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigLoader;
import dev.helpdesk.config.MailboxConfig;
import dev.helpdesk.demo.DemoMailServer;
import dev.helpdesk.fetch.Checkpoints;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.fetch.Tuning;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.mail.ImapClient;
import dev.helpdesk.mail.MessageParser;
import dev.helpdesk.store.Store;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Everything an OAuth test needs: GreenMail with the password mailbox "support" (the demo scenario) and the
 * Microsoft 365 mailbox "office" (XOAUTH2, its password kept equal to the access token the fake identity
 * provider issued last), a config naming both, and the product's own classes wired as {@code Wiring} wires
 * them except for the fake behind msal4j's HTTP seam.
 *
 * <p>Each rig has its own client ID: msal4j replays a refused refresh for 120 s JVM-wide per client, so
 * tests that share one would see each other's revocations.
 */
final class OAuthRig implements AutoCloseable {
    static final String OFFICE_USER = "office@contoso.com";
    static final String SECRET_ENV = "OFFICE_CLIENT_SECRET";
    static final String DEVICE = "\"flow\": \"device\", \"tenant\": \"contoso.onmicrosoft.com\"";

    final FetchHarness harness;
    final FakeIdentityProvider idp;
    final String clientId = UUID.randomUUID().toString();
    final String clientSecret = FakeIdentityProvider.MINTED + "-SECRET-" + UUID.randomUUID();
    final GreenMailUser office;
    final Path dir;

    /** In-memory identity provider. */
    OAuthRig(Path dir) {
        this(dir, FakeIdentityProvider.inMemory());
    }

    OAuthRig(Path dir, FakeIdentityProvider idp) {
        this.dir = dir;
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.harness = new FetchHarness(dir);
        this.idp = idp;
        harness.server().seedScenario();
        office = harness.server().greenMail().setUser(OFFICE_USER, OFFICE_USER, "no token issued yet");
        // GreenMail accepts XOAUTH2 when the bearer token equals the user's password.
        idp.onAccessToken(office::setPassword);
        idp.acceptSecret(clientId, clientSecret);
        harness.env().put(SECRET_ENV, clientSecret);
        writeConfig(DEVICE);
    }

    /** The config: "office" with this oauth2 block's members (clientId is added), then "support". */
    void writeConfig(String oauth2Members) {
        harness.writeRaw("""
                {
                  "dataDir": "%s",
                  "mailboxes": [
                    { "name": "office", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s",
                      "oauth2": { %s, "clientId": "%s" } },
                    { "name": "support", "host": "127.0.0.1", "port": %d, "security": "none",
                      "username": "%s", "password": { "env": "%s" } }
                  ]
                }
                """.formatted(harness.dataDir(), harness.server().port(), OFFICE_USER, oauth2Members, clientId,
                harness.server().port(), DemoMailServer.USER, FetchHarness.PASSWORD_ENV));
    }

    Config config() {
        return new ConfigLoader(harness.env()).load(harness.config());
    }

    MailboxConfig office() {
        return config().mailbox("office").orElseThrow();
    }

    Map<String, String> env() {
        return harness.env();
    }

    Path dataDir() {
        return harness.dataDir();
    }

    SecretReader secrets() {
        return new SecretReader(harness.env());
    }

    MsalApps apps() {
        return new MsalApps(secrets(), Optional.of(idp), MsalApps.CONNECT_TIMEOUT, MsalApps.READ_TIMEOUT);
    }

    OAuthCredentials tokens() {
        return new OAuthCredentials(dataDir(), apps(), Clock.systemUTC());
    }

    MailboxCredentials credentials() {
        return new MailboxCredentials(new PasswordCredentials(secrets()), tokens(), false);
    }

    TokenCacheFile cache() {
        return new TokenCacheFile(dataDir(), "office");
    }

    /** {@code helpdesk auth login --mailbox office} as the command runs it, with the fake behind msal4j. */
    Login.Outcome login(Consumer<String> instructions) {
        try (Store store = harness.openStore()) {
            return new Login(locks(store), Fetch::lockName, Duration.ofMinutes(10), dataDir(), apps())
                    .run(office(), instructions);
        }
    }

    Login.LoggedIn loggedIn() {
        return (Login.LoggedIn) login(message -> { });
    }

    /** {@code helpdesk fetch} as {@code Wiring.fetch} wires it, with the fake behind msal4j. */
    List<MailboxReport> fetch(String... mailboxes) {
        return fetch(credentials(), mailboxes);
    }

    List<MailboxReport> fetch(CredentialSource credentials, String... mailboxes) {
        Config config = config();
        List<MailboxConfig> chosen = mailboxes.length == 0 ? config.mailboxes()
                : Arrays.stream(mailboxes).map(name -> config.mailbox(name).orElseThrow()).toList();
        try (Store store = harness.openStore()) {
            return dev.helpdesk.testing.Fetches.of(config, store, locks(store), credentials, self(), Clock.systemUTC(),
                    Checkpoints.none(), Tuning.DEFAULT).run(chosen);
        }
    }

    static MailboxReport report(List<MailboxReport> reports, String mailbox) {
        return reports.stream().filter(r -> r.mailbox().equals(mailbox)).findFirst().orElseThrow();
    }

    Locks locks(Store store) {
        return new Locks(store, Clock.systemUTC(), new SystemProcesses(), self());
    }

    private static ProcessIdentity self() {
        return ProcessIdentity.current("test-host", "oauth-test");
    }

    /** `helpdesk --config <ours> ARGS` in process (commands that need no token request). */
    CliRun cli(String... args) {
        return harness.run(args);
    }

    void deliverToOffice(String resource) {
        try (InputStream in = DemoMailServer.class.getResourceAsStream("/demo/" + resource)) {
            office.deliver(new MimeMessage(Session.getInstance(new Properties()), in));
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new UncheckedIOException(new IOException("could not deliver " + resource, e));
        }
    }

    long stored(String mailbox) {
        return harness.count("SELECT count(*) FROM messages WHERE mailbox = ?", mailbox);
    }


    @Override
    public void close() {
        harness.close();
    }
}
