package dev.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpdesk.cli.ExitCodes;
import dev.helpdesk.fetch.Fetch;
import dev.helpdesk.fetch.MailboxReport;
import dev.helpdesk.fetch.Outcome;
import dev.helpdesk.lock.AcquireResult;
import dev.helpdesk.lock.Lease;
import dev.helpdesk.store.Store;
import dev.helpdesk.store.TokenCacheTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token caches in a shared PostgreSQL store (a real server, a fresh database per test): two hosts, each with its
 * own connection, lock identity and msal4j applications, against one fake identity provider that rotates refresh
 * tokens and revokes the old one, as a strict Microsoft would.
 */
@Tag("process")
class SharedTokenCacheTest {
    private static final String IN_THE_DATABASE = "the token cache of mailbox office in the database";

    @TempDir
    Path dir;

    private SharedStoreRig shared;
    private FakeIdentityProvider idp;

    @BeforeEach
    void start() {
        shared = new SharedStoreRig(dir);
        idp = shared.rig.idp;
        shared.rig.deliverToOffice("01-customer-question.eml");
    }

    @AfterEach
    void stop() {
        shared.close();
    }

    @Test
    void aRefreshTokenRotatedOnOneHostIsTheOneTheOtherHostUsesNext() {
        try (SharedStoreRig.Host a = shared.host("host-a"); SharedStoreRig.Host b = shared.host("host-b")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
            String first = single(idp.liveRefreshTokens());
            TokenCacheTable.Row loggedIn = shared.row().orElseThrow();
            assertEquals(Outcome.OK, b.fetchOffice().outcome(), "host B uses the login host A saved");
            assertEquals(loggedIn.updatedAt(), shared.row().orElseThrow().updatedAt(),
                    "a valid cached token costs no write");

            shared.ageCache(Duration.ofMinutes(90));
            shared.rig.deliverToOffice("03-customer-followup.eml");
            MailboxReport onA = a.fetchOffice();

            assertEquals(Outcome.OK, onA.outcome(), onA.toString());
            assertEquals(1, idp.count("refresh_token"));
            String rotated = single(idp.liveRefreshTokens());
            assertTrue(idp.revokedRefreshTokens().contains(first), "the fake revoked the refresh token A presented");
            assertEquals("host-a", shared.row().orElseThrow().updatedByHost());
            assertTrue(shared.cacheText().contains(rotated), "A saved the rotated refresh token in the database");
            assertFalse(shared.cacheText().contains(first));

            shared.ageCache(Duration.ofMinutes(90));
            shared.rig.deliverToOffice("04-non-ascii-subject.eml");
            MailboxReport onB = b.fetchOffice();

            assertEquals(Outcome.OK, onB.outcome(), "B refreshed with the token A rotated: " + onB);
            assertEquals(2, idp.count("refresh_token"));
            assertTrue(idp.revokedRefreshTokens().contains(rotated), "the token B presented was A's rotated one");
            assertEquals("host-b", shared.row().orElseThrow().updatedByHost());
            assertEquals(3, shared.count("SELECT count(*) FROM messages WHERE mailbox = ?", "office"));
        }
    }

    @Test
    void theStoredRowIsUnreadableWithoutTheKey() {
        try (SharedStoreRig.Host a = shared.host("host-a")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
        }
        byte[] sealed = shared.row().orElseThrow().sealed().orElseThrow();
        Set<String> secrets = idp.mintedSecrets();
        assertTrue(secrets.containsAll(idp.liveRefreshTokens()));
        for (String secret : secrets) {
            assertFalse(contains(sealed, secret), "the sealed row holds a token in the clear");
        }
        assertFalse(contains(sealed, OAuthRig.OFFICE_USER), "nor the account");
        assertFalse(contains(sealed, "RefreshToken"), "nor msal4j's JSON");
        int asked = idp.requests().size();

        Path otherKey = SharedStoreRig.newKey(dir.resolve("other.key"));
        try (SharedStoreRig.Host c = shared.host("host-c", otherKey)) {
            MailboxReport office = c.fetchOffice();
            assertEquals(Outcome.MISCONFIGURED, office.outcome(), office.toString());
            assertEquals(78, ExitCodes.of(office.outcome()));
            assertTrue(office.error().orElseThrow().contains("the token cache of mailbox \"office\" cannot be decrypted"
                    + " with the key in " + otherKey + ": it was written with another key or altered. Use the key file"
                    + " the other hosts use, or run `helpdesk auth login --mailbox office` to start a new cache."),
                    office.error().toString());

            TokenStatus status = c.status();
            assertEquals(TokenStatus.Verdict.CACHE_REFUSED, status.verdict());
            assertEquals("cache refused: run helpdesk auth login --mailbox office", status.verdictText());
            assertEquals(IN_THE_DATABASE, status.cache());
        }
        assertEquals(asked, idp.requests().size(), "nothing was asked of Microsoft with a cache it cannot open");
        assertArrayEquals(sealed, shared.row().orElseThrow().sealed().orElseThrow(), "and nothing was rewritten");
    }

    @Test
    void aWriteWithoutTheLeaseIsRefusedAndNothingIsWritten() {
        try (SharedStoreRig.Host a = shared.host("host-a")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
            shared.ageCache(Duration.ofMinutes(90));
            TokenCacheTable.Row before = shared.row().orElseThrow();
            Lease lease = ((AcquireResult.Acquired) a.locks.acquire(Fetch.lockName("office"), Duration.ofMinutes(10)))
                    .lease();
            takeOver();

            CredentialException refused = assertThrows(CredentialException.class,
                    () -> a.credentials().credentialFor(shared.rig.office(), lease));

            assertEquals(CredentialException.Reason.LEASE_LOST, refused.reason());
            assertTrue(refused.getMessage().startsWith(IN_THE_DATABASE + " was not saved: another run took the lock"
                    + " fetch:office over (this run's lease had expired), so nothing was written (the new tokens were"
                    + " not used) and this run stopped."), refused.getMessage());
            assertEquals(1, idp.count("refresh_token"), "the refresh happened; only its save was refused");
            assertUnchanged(before);

            TokenCache cache = a.caches.of("office", lease);
            for (Runnable write : new Runnable[] {() -> cache.write("{}"), () -> cache.markLoginRequired("refused"),
                    cache::delete}) {
                CredentialException e = assertThrows(CredentialException.class, write::run);
                assertEquals(CredentialException.Reason.LEASE_LOST, e.reason());
            }
            assertUnchanged(before);
            assertThrows(IllegalStateException.class, () -> a.caches.of("office").write("{}"),
                    "a reader's cache never writes");
            assertUnchanged(before);
        }
    }

    @Test
    void aFetchWhoseLeaseIsTakenOverDuringTheRefreshStopsAsLeaseLostWithoutSavingOrLoggingIn() {
        try (SharedStoreRig.Host a = shared.host("host-a")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
            shared.ageCache(Duration.ofMinutes(90));
            TokenCacheTable.Row before = shared.row().orElseThrow();
            // Microsoft answers only after this run's lease ran out and another run took the lock.
            idp.onAccessToken(token -> {
                takeOver();
                shared.rig.office.setPassword(token);
            });

            MailboxReport office = a.fetchOffice();

            assertEquals(Outcome.LEASE_LOST, office.outcome(), office.toString());
            assertEquals(79, ExitCodes.of(office.outcome()));
            assertTrue(office.error().orElseThrow().contains(IN_THE_DATABASE + " was not saved"), office.toString());
            assertUnchanged(before);
            assertEquals(0, shared.count("SELECT count(*) FROM messages WHERE mailbox = ?", "office"),
                    "no IMAP login with tokens that were not saved");
        }
    }

    @Test
    void theLoginRequiredNoteRoundTripsThroughTheDatabaseAndLogoutDeletesTheRow() {
        try (SharedStoreRig.Host a = shared.host("host-a"); SharedStoreRig.Host b = shared.host("host-b")) {
            assertInstanceOf(Login.LoggedIn.class, a.login());
            idp.revokeAllRefreshTokens();
            shared.ageCache(Duration.ofMinutes(90));

            MailboxReport refused = b.fetchOffice();

            assertEquals(Outcome.LOGIN_REQUIRED, refused.outcome(), refused.toString());
            TokenCacheTable.Row noted = shared.row().orElseThrow();
            String note = noted.loginRequired().orElseThrow();
            assertTrue(note.contains("invalid_grant: AADSTS70008"), note);
            assertEquals("host-b", noted.updatedByHost());
            assertTrue(noted.sealed().isPresent(), "the note leaves the cache alone");
            Secrets.assertNoneIn(shared.rig, note, refused.error().orElseThrow());
            TokenStatus status = a.status();
            assertEquals(TokenStatus.Verdict.LOGIN_REQUIRED, status.verdict(), "host A sees B's note");
            assertTrue(status.detail().orElseThrow().contains("invalid_grant"), status.toString());

            Login.LoggedIn again = assertInstanceOf(Login.LoggedIn.class, b.login());
            assertEquals(IN_THE_DATABASE, again.cache());
            assertTrue(shared.row().orElseThrow().loginRequired().isEmpty(), "a new login clears the note");
            assertEquals(TokenStatus.Verdict.OK, a.status().verdict());
            assertEquals(Outcome.OK, a.fetchOffice().outcome());

            Logout.Removed removed = assertInstanceOf(Logout.Removed.class, a.logout());
            assertTrue(removed.existed());
            assertEquals(IN_THE_DATABASE, removed.cache());
            assertTrue(shared.row().isEmpty(), "logout deletes the row");
            assertFalse(((Logout.Removed) b.logout()).existed());
            assertEquals(0, shared.count("SELECT count(*) FROM locks"), "both logouts released the lock");

            TokenStatus gone = b.status();
            assertEquals(TokenStatus.Verdict.LOGIN_REQUIRED, gone.verdict());
            assertEquals("no login saved (" + IN_THE_DATABASE + " does not exist)", gone.detail().orElseThrow());
            MailboxReport none = a.fetchOffice();
            assertEquals(Outcome.LOGIN_REQUIRED, none.outcome());
            assertTrue(none.error().orElseThrow().startsWith("login required for mailbox office: no login has been"
                    + " saved for it (" + IN_THE_DATABASE + " does not exist)"), none.toString());
        }
    }

    /** Another run takes the lock over, as after this one's lease expired: the lock's token moves on. */
    private void takeOver() {
        try (Store store = Store.open(shared.target(), "test")) {
            assertEquals(1, (int) store.inTransaction(tx -> tx.execute(
                    "UPDATE locks SET token = token + 1 WHERE name = ?", Fetch.lockName("office"))));
        }
    }

    private void assertUnchanged(TokenCacheTable.Row before) {
        TokenCacheTable.Row after = shared.row().orElseThrow();
        assertArrayEquals(before.sealed().orElseThrow(), after.sealed().orElseThrow(), "the cache was not written");
        assertEquals(before.loginRequired(), after.loginRequired());
        assertEquals(before.updatedAt(), after.updatedAt());
        assertEquals(before.updatedByHost(), after.updatedByHost());
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String single(Set<String> values) {
        assertEquals(1, values.size(), values.toString());
        return values.iterator().next();
    }
}
