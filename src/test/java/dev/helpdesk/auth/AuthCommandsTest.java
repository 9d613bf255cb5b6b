package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpdesk.testing.CliRun;
import dev.helpdesk.testing.FetchHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth commands and OAuth fetches through the whole command line in process, with the product's own msal4j
 * HTTP client. This sandbox has no network, so everything here must be decided from the token cache alone:
 * a valid cached token, a missing login, a refused cache.
 */
class AuthCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OAuthRig rig;

    @BeforeEach
    void start() {
        rig = new OAuthRig(dir);
        rig.deliverToOffice("01-customer-question.eml");
        rig.deliverToOffice("03-customer-followup.eml");
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void authIsAGroupOfLoginStatusAndLogout() {
        CliRun help = rig.cli("auth", "--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("login") && help.out().contains("status") && help.out().contains("logout"),
                help.out());
        CliRun missing = rig.cli("auth", "login");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("--mailbox"), missing.err());
    }

    @Test
    void loginRefusesMailboxesThatAreNotOAuthOrDoNotExist() {
        CliRun password = rig.cli("auth", "login", "--mailbox", "support");
        assertEquals(2, password.code(), password.toString());
        assertTrue(password.err().contains("mailbox support logs in with a password, so it has no login to manage;"
                + " the OAuth mailboxes are: office."), password.err());
        CliRun unknown = rig.cli("auth", "logout", "--mailbox", "nope");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("there is no mailbox named nope"), unknown.err());
    }

    @Test
    void beforeAnyLoginStatusSaysLoginRequiredAndFetchExits77WhileTheOtherMailboxIsDrained() throws Exception {
        CliRun status = rig.cli("auth", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("  verdict         login required: run helpdesk auth login --mailbox office\n"),
                status.out());

        CliRun fetch = rig.cli("fetch");
        assertEquals(77, fetch.code(), fetch.toString());
        assertTrue(fetch.err().contains("helpdesk: office: login-required: login required for mailbox office: no login"
                + " has been saved for it"), fetch.err());
        assertTrue(fetch.err().contains("run `helpdesk auth login --mailbox office`."), fetch.err());
        assertTrue(fetch.out().startsWith("support: 6 new"), fetch.out());

        CliRun overall = rig.cli("status");
        assertTrue(overall.out().contains("login-required"), overall.out());
        assertTrue(overall.out().contains("`helpdesk auth login --mailbox office`"), overall.out());
    }

    @Test
    void withAValidCachedTokenTheProductionClientFetchesWithoutAnyNetwork() throws Exception {
        rig.loggedIn();
        CliRun fetch = rig.cli("fetch");
        assertEquals(0, fetch.code(), fetch.toString());
        assertTrue(fetch.out().contains("office: 2 new"), fetch.out());
        assertTrue(fetch.out().contains("support: 6 new"), fetch.out());

        CliRun status = rig.cli("auth", "status");
        assertEquals(0, status.code(), status.toString());
        List<String> lines = status.out().lines().toList();
        assertEquals("office", lines.get(0));
        assertEquals("  flow            device", lines.get(1));
        assertEquals("  account         office@contoso.com (tenant " + FakeIdentityProvider.TENANT_GUID + ")",
                lines.get(2));
        assertTrue(lines.get(3).matches("  access token    expires in (59m|1h)( \\d+s)? \\(.*\\)"), lines.get(3));
        assertEquals("  refresh token   present", lines.get(4));
        assertTrue(lines.get(5).startsWith("  last refreshed  "), lines.get(5));
        assertEquals("  verdict         ok", lines.get(6));

        JsonNode json = JSON.readTree(rig.cli("auth", "status", "--json").out());
        assertEquals(1, json.size());
        assertEquals("office", json.get(0).get("name").asText());
        assertEquals("device", json.get(0).get("flow").asText());
        assertEquals("office@contoso.com", json.get(0).get("account").asText());
        assertTrue(json.get(0).get("refreshTokenPresent").asBoolean());
        assertEquals("ok", json.get(0).get("verdict").asText());
        assertTrue(json.get(0).get("accessTokenExpiresInSeconds").asLong() > 3000);
        Secrets.assertNoneIn(rig, fetch.out(), fetch.err(), status.out(), json.toString());
    }

    @Test
    void anExpiredTokenIsShownAsRefreshingOnTheNextRun() throws Exception {
        rig.loggedIn();
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        CliRun status = rig.cli("auth", "status");
        assertTrue(status.out().contains("  access token    expired 30m"), status.out());
        assertTrue(status.out().contains("  verdict         refreshes on next run\n"), status.out());
        JsonNode json = JSON.readTree(rig.cli("auth", "status", "--json").out());
        assertEquals("refreshes-on-next-run", json.get(0).get("verdict").asText());
        assertTrue(json.get(0).get("accessTokenExpiresInSeconds").asLong() < 0);
    }

    @Test
    void aSharedCacheIsRefusedByFetchAndStatusWithTheChmodToRun() throws Exception {
        rig.loggedIn();
        Files.setPosixFilePermissions(rig.cache().path(), PosixFilePermissions.fromString("rw-r--r--"));

        CliRun fetch = rig.cli("fetch");
        assertEquals(78, fetch.code(), fetch.toString());
        assertTrue(fetch.err().contains("has mode 0644, so other users can read it, and it was not used. Run `chmod"
                + " 600 " + rig.cache().path() + "`"), fetch.err());
        assertTrue(fetch.out().contains("support: 6 new"), fetch.out());

        CliRun status = rig.cli("auth", "status");
        assertTrue(status.out().contains("  verdict         cache refused: run chmod 600 " + rig.cache().path()),
                status.out());
        Secrets.assertNoneIn(rig, fetch.out(), fetch.err(), status.out(), status.err());
    }

    @Test
    void logoutRemovesTheSavedLoginAndFetchThenAsksForOne() {
        rig.loggedIn();
        CliRun logout = rig.cli("auth", "logout", "--mailbox", "office");
        assertEquals(0, logout.code(), logout.toString());
        assertTrue(logout.out().startsWith("office: removed the saved login (" + rig.cache().path() + ")"),
                logout.out());
        assertFalse(rig.cache().exists());
        assertEquals(77, rig.cli("fetch", "--mailbox", "office").code());
        CliRun again = rig.cli("auth", "logout", "--mailbox", "office");
        assertTrue(again.out().contains("there was no saved login"), again.out());
    }

    @Test
    void aDryRunUsesTheCachedTokenAndLeavesTheCacheAlone() throws Exception {
        rig.loggedIn();
        String before = Files.readString(rig.cache().path());
        CliRun dry = rig.cli("fetch", "--dry-run", "--mailbox", "office");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().startsWith("office: would fetch 2 messages"), dry.out());
        assertEquals(before, Files.readString(rig.cache().path()));
    }

    @Test
    void withoutOAuthMailboxesStatusSaysSo() throws Exception {
        Files.createDirectories(dir.resolve("plain"));
        FetchHarness plain = new FetchHarness(dir.resolve("plain"));
        try {
            CliRun status = plain.run("auth", "status");
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().startsWith("No mailbox logs in with OAuth 2.0"), status.out());
            assertEquals("[ ]", plain.run("auth", "status", "--json").out().strip());
        } finally {
            plain.close();
        }
    }
}
