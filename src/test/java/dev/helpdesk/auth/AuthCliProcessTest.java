package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code helpdesk} main in new JVMs, with its production msal4j HTTP client; only the https socket
 * leads to the fake identity provider ({@link FakeHttps}). Real exit codes, real output, real log lines.
 */
class AuthCliProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path idpState;
    private OAuthRig rig;
    private final List<String> everything = new ArrayList<>();

    @BeforeEach
    void start() {
        idpState = dir.resolve("idp-state.json");
        rig = new OAuthRig(dir.resolve("rig"), FakeIdentityProvider.persistentAt(idpState));
        rig.deliverToOffice("01-customer-question.eml");
        rig.deliverToOffice("03-customer-followup.eml");
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void signInFetchRefreshRevocationAndSignInAgainThroughTheWholeCommandLine() throws Exception {
        ProbeRun login = helpdesk("auth", "login", "--mailbox", "office");
        assertEquals(0, login.code(), login.toString());
        assertTrue(login.out().startsWith("To sign in, use a web browser to open the page https://microsoft.com/devicelogin"
                + " and enter the code " + FakeIdentityProvider.USER_CODE + " to authenticate.\n"
                + "Waiting for the sign-in to be completed"), login.out());
        assertTrue(login.out().contains("office: signed in as office@contoso.com (tenant "
                + FakeIdentityProvider.TENANT_GUID + ")."), login.out());
        assertTrue(login.out().contains("  token cache   " + rig.cache().path() + " (mode 0600)"), login.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.cache().path())));
        assertTrue(rig.idp.transport().stream().allMatch(t -> t.equals("timeouts connect=10000 read=30000")),
                "the production client got the product's timeouts: " + rig.idp.transport());

        ProbeRun first = helpdesk("fetch");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("office: 2 new"), first.out());
        assertTrue(first.out().contains("support: 6 new"), first.out());

        // 90 minutes later, by the cache's own clock; with debug logging and JSON output.
        rig.deliverToOffice("04-non-ascii-subject.eml");
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        ProbeRun later = helpdesk("-v", "fetch", "--json");
        assertEquals(0, later.code(), later.toString());
        JsonNode summary = JSON.readTree(later.out());
        assertEquals(0, summary.get("exitCode").asInt());
        assertEquals(1, summary.get("mailboxes").get(0).get("new").asInt(), later.out());
        assertEquals(1, rig.idp.count("refresh_token"));
        assertTrue(later.err().contains("DEBUG com.microsoft.aad.msal4j"), "msal4j's own debug lines were logged too");

        // An admin revokes the sessions; the next run needs a person, and the password mailbox goes on.
        rig.idp.revokeAllRefreshTokens();
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        deliverToSupport("A new question for support");
        ProbeRun revoked = helpdesk("fetch");
        assertEquals(77, revoked.code(), revoked.toString());
        assertTrue(revoked.err().contains("helpdesk: office: login-required: login required for mailbox office:"
                + " Microsoft refused the saved login (invalid_grant: AADSTS70008: The provided authorization code or"
                + " refresh token has expired due to inactivity or was revoked.); run `helpdesk auth login --mailbox"
                + " office`."), revoked.err());
        assertTrue(revoked.out().startsWith("support: 1 new"), revoked.out());
        ProbeRun revokedJson = helpdesk("fetch", "--json");
        assertEquals(77, revokedJson.code(), revokedJson.toString());
        assertEquals("login-required", JSON.readTree(revokedJson.out()).get("mailboxes").get(0).get("outcome").asText());

        CliRun authStatus = run(rig.cli("auth", "status"));
        assertTrue(authStatus.out().contains("  verdict         login required: run helpdesk auth login --mailbox office\n"),
                authStatus.out());
        assertTrue(authStatus.out().contains("invalid_grant"), "the reason is shown: " + authStatus.out());
        JsonNode statusJson = JSON.readTree(run(rig.cli("auth", "status", "--json")).out());
        assertEquals("login-required", statusJson.get(0).get("verdict").asText());
        assertEquals("helpdesk auth login --mailbox office", statusJson.get(0).get("nextStep").asText());
        CliRun status = run(rig.cli("status"));
        assertTrue(status.out().contains("login-required"), status.out());
        assertTrue(status.out().contains("run `helpdesk auth login --mailbox office`"), status.out());

        ProbeRun again = helpdesk("auth", "login", "--mailbox", "office");
        assertEquals(0, again.code(), again.toString());
        ProbeRun fixed = helpdesk("fetch");
        assertEquals(0, fixed.code(), fixed.toString());
        assertTrue(fixed.out().contains("office: 0 new"), fixed.out());
        assertTrue(run(rig.cli("auth", "status")).out().contains("  verdict         ok\n"));

        ProbeRun logout = helpdesk("auth", "logout", "--mailbox", "office");
        assertEquals(0, logout.code(), logout.toString());
        assertFalse(rig.cache().exists());

        Secrets.assertNoneIn(rig, everything.toArray(String[]::new));
    }

    @Test
    void appOnlyMailboxesWorkThroughTheWholeCommandLineWithoutALogin() throws Exception {
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");
        ProbeRun fetch = helpdesk("-v", "fetch");
        assertEquals(0, fetch.code(), fetch.toString());
        assertTrue(fetch.out().contains("office: 2 new"), fetch.out());
        ProbeRun again = helpdesk("fetch");
        assertEquals(0, again.code(), again.toString());
        assertEquals(1, rig.idp.count("client_credentials"), "the second run took the token from the cache file");

        rig.env().put(OAuthRig.SECRET_ENV, FakeIdentityProvider.MINTED + "-a-wrong-secret");
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        ProbeRun wrong = helpdesk("fetch");
        assertEquals(78, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("helpdesk: office: misconfigured: mailbox office: Microsoft refused the token"
                + " request (invalid_client: AADSTS7000215: Invalid client secret provided.)"), wrong.err());
        assertFalse(wrong.err().contains("a-wrong-secret"), wrong.err());
        Secrets.assertNoneIn(rig, everything.toArray(String[]::new));
    }

    private ProbeRun helpdesk(String... args) {
        List<String> all = new ArrayList<>(List.of("cli", idpState.toString(), "--config", rig.harness.config().toString()));
        all.addAll(List.of(args));
        ProbeRun run = ProbeRun.run(rig.env(),
                () -> rig.office.setPassword(FakeIdentityProvider.readState(idpState).latestAccessToken),
                all.toArray(String[]::new));
        everything.add(run.out());
        everything.add(run.err());
        return run;
    }

    private CliRun run(CliRun run) {
        everything.add(run.out());
        everything.add(run.err());
        return run;
    }

    private void deliverToSupport(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("customer@example.org"));
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@example.com");
        message.setSubject(subject);
        message.setText("Hello, a question.");
        message.saveChanges();
        rig.harness.server().user().deliver(message);
    }
}
