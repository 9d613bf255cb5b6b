package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.config.OAuth2Config;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Locks;
import dev.helpdesk.lock.ProcessIdentity;
import dev.helpdesk.lock.SystemProcesses;
import dev.helpdesk.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `auth login`, `auth logout` and `auth status` as use cases, against the fake identity provider. */
class LoginTest {
    @TempDir
    Path dir;

    private OAuthRig rig;

    @BeforeEach
    void start() {
        rig = new OAuthRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void deviceLoginShowsMicrosoftsMessageWaitsThroughPendingAndSavesAPrivateCache() throws Exception {
        List<String> shown = new ArrayList<>();
        Login.LoggedIn done = (Login.LoggedIn) rig.login(shown::add);

        assertEquals(List.of("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and"
                + " enter the code " + FakeIdentityProvider.USER_CODE + " to authenticate."), shown);
        assertEquals(List.of("devicecode " + rig.clientId, "device_code " + rig.clientId,
                "device_code " + rig.clientId), rig.idp.tokenRequests(),
                "the first poll got authorization_pending, the second the tokens");
        assertEquals(OAuthRig.OFFICE_USER, done.account());
        assertEquals(java.util.Optional.of(FakeIdentityProvider.TENANT_GUID), done.tenantId());
        assertEquals(rig.dataDir().resolve("tokens/office.json").toString(), done.cache());
        Path cache = Path.of(done.cache());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.getParent())));
        assertTrue(done.accessTokenExpires().isAfter(Instant.now().plus(Duration.ofMinutes(55))));
        CacheContents saved = CacheContents.parse(Files.readString(cache));
        assertTrue(saved.hasRefreshToken(rig.clientId));
        assertEquals(1, saved.accounts().size());
        assertEquals(0, rig.harness.count("SELECT count(*) FROM locks"), "the lock is released");
    }

    @Test
    void theLoginHoldsTheMailboxLockWhileItWorks() {
        AtomicBoolean heldWhenTokensCame = new AtomicBoolean();
        rig.idp.onAccessToken(token -> heldWhenTokensCame.set(
                rig.harness.count("SELECT count(*) FROM locks WHERE name = ?", Fetch.lockName("office")) == 1));
        rig.loggedIn();
        assertTrue(heldWhenTokensCame.get(), "fetch:office was held while the tokens arrived and were saved");
    }

    @Test
    void aLoginWhileAFetchHoldsTheLockChangesNothing() {
        try (Store store = rig.harness.openStore()) {
            Locks other = new Locks(store, Clock.systemUTC(), new SystemProcesses(),
                    ProcessIdentity.current("test-host", "helpdesk fetch"));
            assertInstanceOf(AcquireResult.Acquired.class, other.acquire(Fetch.lockName("office"), Duration.ofMinutes(5)));
        }
        Login.Outcome outcome = rig.login(message -> { });
        Login.Busy busy = assertInstanceOf(Login.Busy.class, outcome);
        assertEquals("fetch:office", busy.lock());
        assertTrue(busy.holder().contains("helpdesk fetch"), busy.holder());
        assertEquals(List.of(), rig.idp.requests(), "Microsoft was not asked");
        assertFalse(rig.cache().exists());
    }

    @Test
    void aNewLoginReplacesTheWholeCacheAndClearsTheLoginRequiredNote() throws Exception {
        rig.loggedIn();
        rig.cache().markLoginRequired(Instant.now() + "\nrefused");
        String first = Files.readString(rig.cache().path());
        rig.loggedIn();
        String second = Files.readString(rig.cache().path());

        assertFalse(second.equals(first));
        assertEquals(1, CacheContents.parse(second).accessTokens().size(), "the old tokens are gone, not merged");
        assertEquals(java.util.Optional.empty(), rig.cache().loginRequired());
    }

    @Test
    void aLoginWithAnotherAccountThanTheMailboxSaysWhatThatNeeds() {
        rig.idp.setUsername("admin@contoso.com");
        Login.LoggedIn done = rig.loggedIn();
        assertTrue(done.note().orElseThrow().contains("signed in as admin@contoso.com, but the mailbox logs in to IMAP"
                + " as office@contoso.com"), done.note().toString());
    }

    @Test
    void appOnlyLoginProvesTheSecretAndSavesTheToken() throws Exception {
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");
        Login.LoggedIn done = rig.loggedIn();

        assertEquals(OAuth2Config.Flow.CLIENT_CREDENTIALS, done.flow());
        assertEquals(List.of("client_credentials " + rig.clientId), rig.idp.tokenRequests());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(done.cache()))));
        assertFalse(Files.readString(Path.of(done.cache())).contains(rig.clientSecret), "the secret is not cached");
    }

    @Test
    void aWrongClientSecretIsAConfigurationProblemThatNeverEchoesTheSecret() {
        rig.env().put(OAuthRig.SECRET_ENV, FakeIdentityProvider.MINTED + "-WRONG-SECRET");
        rig.writeConfig("\"flow\": \"client-credentials\", \"tenant\": \"contoso.onmicrosoft.com\","
                + " \"clientSecret\": {\"env\": \"" + OAuthRig.SECRET_ENV + "\"}");
        CredentialException e = assertThrows(CredentialException.class, () -> rig.login(message -> { }));
        assertEquals(CredentialException.Reason.MISCONFIGURED, e.reason());
        assertTrue(e.getMessage().contains("invalid_client: AADSTS7000215"), e.getMessage());
        assertFalse(e.getMessage().contains(FakeIdentityProvider.MINTED), e.getMessage());
        assertFalse(rig.cache().exists());
    }

    @Test
    void logoutRemovesTheCacheUnderTheLockAndStatusThenSaysLoginRequired() {
        rig.loggedIn();
        try (Store store = rig.harness.openStore()) {
            Logout logout = new Logout(rig.locks(store), Fetch::lockName, Duration.ofMinutes(10), rig.dataDir());
            Logout.Removed removed = assertInstanceOf(Logout.Removed.class, logout.run(rig.office()));
            assertTrue(removed.existed());
            assertFalse(((Logout.Removed) logout.run(rig.office())).existed());
        }
        assertFalse(rig.cache().exists());
        TokenStatus status = new TokenStatusQuery(rig.dataDir(), Clock.systemUTC()).of(rig.config().mailboxes()).get(0);
        assertEquals(TokenStatus.Verdict.LOGIN_REQUIRED, status.verdict());
        assertEquals("login required: run helpdesk auth login --mailbox office", status.verdictText());
    }

    @Test
    void statusJudgesTheCacheByItsOwnTimes() {
        rig.loggedIn();
        TokenStatusQuery query = new TokenStatusQuery(rig.dataDir(), Clock.systemUTC());

        TokenStatus fresh = query.of(rig.config().mailboxes()).get(0);
        assertEquals("office", fresh.mailbox());
        assertEquals(TokenStatus.Verdict.OK, fresh.verdict());
        assertEquals(java.util.Optional.of(OAuthRig.OFFICE_USER), fresh.account());
        assertTrue(fresh.refreshToken());
        assertTrue(fresh.lastRefreshed().orElseThrow().isAfter(Instant.now().minusSeconds(60)));

        CacheAging.age(rig.cache().path(), Duration.ofMinutes(90));
        TokenStatus old = query.of(rig.config().mailboxes()).get(0);
        assertEquals(TokenStatus.Verdict.REFRESHES_ON_NEXT_RUN, old.verdict());
        assertEquals("refreshes on next run", old.verdictText());
        assertTrue(old.accessTokenExpires().orElseThrow().isBefore(Instant.now()));
    }
}
