package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.mail.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a Microsoft 365 mailbox in process: real Fetch, real GreenMail XOAUTH2, the fake identity provider. */
class OAuthFetchTest {
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
    void withoutALoginTheMailboxNeedsOneAndTheOthersAreDrained() {
        List<MailboxReport> reports = rig.fetch();

        MailboxReport office = OAuthRig.report(reports, "office");
        assertEquals(Outcome.LOGIN_REQUIRED, office.outcome());
        assertTrue(office.error().orElseThrow().endsWith("run `helpdesk auth login --mailbox office`."),
                office.error().toString());
        assertEquals(Outcome.OK, OAuthRig.report(reports, "support").outcome());
        assertEquals(6, rig.stored("support"));
        assertEquals(List.of(), rig.idp.tokenRequests());
    }

    @Test
    void afterLoginFetchDrainsOverXOAuth2WithTheCachedTokenAndNoTokenRequest() {
        rig.loggedIn();
        int before = rig.idp.tokenRequests().size();

        List<MailboxReport> reports = rig.fetch();

        assertEquals(Outcome.OK, OAuthRig.report(reports, "office").outcome(), reports.toString());
        assertEquals(2, rig.stored("office"));
        assertEquals(6, rig.stored("support"));
        assertEquals(before, rig.idp.tokenRequests().size(), "a valid cached token costs no request");
    }

    @Test
    void aSilentTokenFromTheCacheCostsNoNetworkCall() {
        rig.loggedIn();
        OAuthCredentials tokens = rig.tokens();
        tokens.tokenFor(rig.office(), false); // warm up msal4j's classes, as in a run they are by the second mailbox
        int before = rig.idp.requests().size();
        long start = System.nanoTime();
        int runs = 20;
        for (int i = 0; i < runs; i++) {
            assertEquals(rig.idp.latestAccessToken(), tokens.tokenFor(rig.office(), false).token());
        }
        long micros = (System.nanoTime() - start) / 1_000 / runs;
        assertEquals(before, rig.idp.requests().size(), "no request at all, discovery included");
        System.out.println("MEASURED silent token from the cache file: " + micros + " us per call, 0 requests");
    }

    @Test
    void ninetyMinutesLaterTheExpiredTokenIsRefreshedSilentlyAndTheRotatedRefreshTokenSavedFirst() throws Exception {
        rig.loggedIn();
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch(), "office").outcome());
        String firstRefreshToken = single(rig.idp.liveRefreshTokens());
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        rig.deliverToOffice("04-non-ascii-subject.eml");

        List<MailboxReport> reports = rig.fetch();

        assertEquals(Outcome.OK, OAuthRig.report(reports, "office").outcome(), reports.toString());
        assertEquals(3, rig.stored("office"));
        assertEquals(1, rig.idp.count("refresh_token"));
        assertTrue(rig.idp.revokedRefreshTokens().contains(firstRefreshToken), "the fake revoked the old one");
        String saved = Files.readString(rig.cache().path());
        assertTrue(saved.contains(single(rig.idp.liveRefreshTokens())), "the rotated refresh token is on disk");
        assertFalse(saved.contains(firstRefreshToken));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.cache().path())));
    }

    @Test
    void aTokenTheServerRejectsGetsOneForcedRefreshAndOneRetry() {
        rig.loggedIn();
        rig.office.setPassword("the server no longer accepts the cached token");

        List<MailboxReport> reports = rig.fetch("office");

        assertEquals(Outcome.OK, OAuthRig.report(reports, "office").outcome(), reports.toString());
        assertEquals(1, rig.idp.count("refresh_token"), "exactly one forced refresh");
        assertEquals(2, rig.stored("office"));
    }

    @Test
    void aTokenRejectedEvenAfterTheForcedRefreshFailsTheMailboxOnce() {
        rig.loggedIn();
        rig.idp.onAccessToken(token -> { }); // the server keeps refusing whatever Microsoft issues

        rig.office.setPassword("never matches");
        MailboxReport office = OAuthRig.report(rig.fetch("office"), "office");

        assertEquals(Outcome.UNREACHABLE, office.outcome());
        assertTrue(office.error().orElseThrow().contains("was rejected"), office.error().toString());
        assertEquals(1, rig.idp.count("refresh_token"), "one retry, not a loop");
    }

    @Test
    void aRevokedRefreshTokenMarksLoginRequiredWithTheCommandWhileTheOtherMailboxIsDrained() {
        rig.loggedIn();
        rig.idp.revokeAllRefreshTokens();
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));

        List<MailboxReport> reports = rig.fetch();

        MailboxReport office = OAuthRig.report(reports, "office");
        assertEquals(Outcome.LOGIN_REQUIRED, office.outcome());
        assertEquals("login required for mailbox office: Microsoft refused the saved login (invalid_grant:"
                + " AADSTS70008: The provided authorization code or refresh token has expired due to inactivity or"
                + " was revoked.); run `helpdesk auth login --mailbox office`.", office.error().orElseThrow());
        assertEquals(Outcome.OK, OAuthRig.report(reports, "support").outcome());
        assertEquals(6, rig.stored("support"));
        assertEquals(0, rig.stored("office"));
        Secrets.assertNoneIn(rig, office.error().orElseThrow(), rig.cache().loginRequired().orElseThrow());
        assertEquals(1, rig.harness.count("SELECT count(*) FROM runs WHERE mailbox = 'office'"
                + " AND outcome = 'login-required'"));

        TokenStatus status = new TokenStatusQuery(rig.dataDir(), Clock.systemUTC()).of(rig.config().mailboxes()).get(0);
        assertEquals(TokenStatus.Verdict.LOGIN_REQUIRED, status.verdict());
        assertEquals("login required: run helpdesk auth login --mailbox office", status.verdictText());
        assertTrue(status.refreshToken(), "the refused token is still in the cache; the note says it is refused");

        rig.loggedIn();
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome(),
                "a new login (new refresh token) ends it, in the same JVM as the refusal");
        assertEquals(2, rig.stored("office"));
    }

    @Test
    void appOnlyMailboxesNeedNoLoginAndReuseTheCachedToken() {
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");

        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        assertEquals(List.of("client_credentials " + rig.clientId), rig.idp.tokenRequests());
        assertTrue(rig.cache().exists());
        rig.deliverToOffice("04-non-ascii-subject.eml");
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        assertEquals(1, rig.idp.tokenRequests().size(), "the second run took the token from the cache file");
        assertEquals(3, rig.stored("office"));

        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        assertEquals(2, rig.idp.tokenRequests().size(), "an expired app token is simply asked for again");
    }

    @Test
    void aRejectedAppOnlyTokenIsReplacedOnceBypassingTheCache() {
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");
        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        rig.office.setPassword("the server no longer accepts the cached token");

        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        assertEquals(2, rig.idp.count("client_credentials"), "the cached token, refused, then exactly one new one");
    }

    @Test
    void appOnlyMailboxesCanSignInWithACertificate() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir.resolve("cert"));
        rig.idp.acceptCertificate(rig.clientId, certificate.certificateBase64());
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientCertificate\": {\"file\": \"" + certificate.pem() + "\"}");

        assertEquals(Outcome.OK, OAuthRig.report(rig.fetch("office"), "office").outcome());
        assertEquals(List.of("client_credentials " + rig.clientId), rig.idp.tokenRequests());
        assertEquals(2, rig.stored("office"));
    }

    @Test
    void aCacheOthersCanReadIsRefusedBeforeAnythingIsAsked() throws Exception {
        rig.loggedIn();
        Files.setPosixFilePermissions(rig.cache().path(), PosixFilePermissions.fromString("rw-r--r--"));
        int before = rig.idp.requests().size();

        List<MailboxReport> reports = rig.fetch();

        MailboxReport office = OAuthRig.report(reports, "office");
        assertEquals(Outcome.MISCONFIGURED, office.outcome());
        assertTrue(office.error().orElseThrow().contains("Run `chmod 600 " + rig.cache().path() + "`"),
                office.error().toString());
        assertEquals(before, rig.idp.requests().size());
        assertEquals(Outcome.OK, OAuthRig.report(reports, "support").outcome());
        assertEquals(0, rig.stored("office"));
        TokenStatus status = new TokenStatusQuery(rig.dataDir(), Clock.systemUTC()).of(rig.config().mailboxes()).get(0);
        assertEquals(TokenStatus.Verdict.CACHE_REFUSED, status.verdict());
        assertEquals("cache refused: run chmod 600 " + rig.cache().path(), status.verdictText());
    }

    @Test
    void aRefreshWhoseCacheCannotBeSavedIsNotUsed() throws Exception {
        rig.loggedIn();
        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        TokenCacheFile.Writer failing = (file, content) -> {
            throw new java.io.IOException("No space left on device");
        };
        MailboxCredentials credentials = new MailboxCredentials(new PasswordCredentials(rig.secrets()),
                new OAuthCredentials(rig.dataDir(), rig.apps(), Clock.systemUTC(), failing), false);

        MailboxReport office = OAuthRig.report(rig.fetch(credentials, "office"), "office");

        assertEquals(Outcome.MISCONFIGURED, office.outcome());
        assertTrue(office.error().orElseThrow().contains("could not be saved"), office.error().toString());
        assertTrue(office.error().orElseThrow().contains("the new tokens were not used"), office.error().toString());
        assertEquals(1, rig.idp.count("refresh_token"));
        assertEquals(0, rig.stored("office"), "no IMAP login with a token whose refresh token is not on disk");
    }

    @Test
    void aServerWithoutXOAuth2NeverReceivesTheToken() throws Exception {
        rig.loggedIn();
        try (NoXOAuth2Server server = NoXOAuth2Server.start()) {
            rig.harness.writeRaw(Files.readString(rig.harness.config())
                    .replaceFirst("\"port\": \\d+", "\"port\": " + server.port()));

            MailboxReport office = OAuthRig.report(rig.fetch("office"), "office");

            assertEquals(Outcome.UNREACHABLE, office.outcome());
            assertTrue(office.error().orElseThrow().contains("does not advertise AUTH=XOAUTH2"), office.error().toString());
            String received = String.join("\n", server.received());
            assertFalse(received.contains(rig.idp.latestAccessToken()), received);
            assertFalse(received.toUpperCase(java.util.Locale.ROOT).contains("LOGIN "), received);
        }
    }

    @Test
    void aDryRunUsesOnlyAValidCachedTokenAndNeverRewritesTheCache() throws Exception {
        rig.loggedIn();
        Files.setLastModifiedTime(rig.cache().path(), FileTime.fromMillis(0));
        MailboxCredentials dryRun = new MailboxCredentials(new PasswordCredentials(rig.secrets()), rig.tokens(), true);
        int before = rig.idp.requests().size();

        Credential valid = dryRun.credentialFor(rig.office());
        assertEquals(rig.idp.latestAccessToken(), valid.secret());

        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        Files.setLastModifiedTime(rig.cache().path(), FileTime.fromMillis(0));
        CredentialException expired = assertThrows(CredentialException.class,
                () -> dryRun.credentialFor(rig.office()));
        assertEquals(CredentialException.Reason.UNREACHABLE, expired.reason());
        assertTrue(expired.getMessage().contains("a dry run does not get a new one"), expired.getMessage());
        assertEquals(before, rig.idp.requests().size());
        assertEquals(0, Files.getLastModifiedTime(rig.cache().path()).toMillis(), "the cache was not rewritten");
    }

    private static String single(Set<String> values) {
        assertEquals(1, values.size(), values.toString());
        return values.iterator().next();
    }
}
